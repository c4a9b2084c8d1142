"""The members app's sheets of the branch workbook (``branch.workbook``): 党员名册 and 支委会.
Importing this module registers them; ``MembersConfig.ready`` does."""

from __future__ import annotations

from branch.workbook import register_sheet
from members.workbook_committee import CommitteeSheet
from members.workbook_roster import RosterSheet

register_sheet(RosterSheet())
register_sheet(CommitteeSheet())
