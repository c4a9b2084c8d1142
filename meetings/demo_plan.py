"""What the demo year of organisational life consists of: topics, lectures, activities,
decisions, talks and ratings of the demo branches (``meetings.demo`` writes them). Chinese by
nature: these are the records a Chinese branch keeps."""

from __future__ import annotations

from meetings.models import DecisionCategory, Kind, Rating, TalkCategory

COMMITTEE_TOPICS = [
    "研究部署年度党建工作和寒假安全工作",
    "研究春季开学党建工作安排",
    "研究审定年度党建工作要点",
    "研究学校食堂改造工程项目",
    "研究入党积极分子培养考察工作",
    "研究“七一”表彰和主题党日安排",
    "研究中层干部调整人选",
    "研究秋季开学准备和师德师风建设",
    "研究教育教学设备采购经费使用",
    "研究发展党员和党费收缴情况",
    "研究年度组织生活会准备工作",
    "研究民主评议党员工作方案和年度总结",
]
THEME_TOPICS = [
    "寒假安全教育进社区",
    "重温入党誓词",
    "学雷锋志愿服务月",
    "清明缅怀革命先烈",
    "劳动教育实践",
    "庆祝建党主题党日",
    "党员教师暑期家访",
    "红色观影",
    "教师节党员示范岗",
    "国庆爱国主义教育",
    "宪法宣传进课堂",
    "年终党建工作回顾",
]
GROUP_TOPICS = [
    "学习党章总纲",
    "学习《中国共产党纪律处分条例》",
    "学习全国两会精神",
    "学习《中国共产党党员教育管理工作条例》",
    "交流党员先锋岗经验",
    "学习习近平总书记“七一”重要讲话",
    "学习《习近平关于教育的重要论述摘编》",
    "讨论师德师风建设",
    "学习教育家精神",
    "学习党的创新理论最新成果",
    "学习党的二十届四中全会精神",
    "开展批评与自我批评",
]
# (month, day, title, lecturer in the branch, or lecturer from outside)
SCHOOL_LECTURES = [
    (3, 12, "深入学习贯彻党的二十大精神", "赵敏", ""),
    (6, 28, "传承红色基因，办好人民满意的教育", "王建国", ""),  # the secretary's lecture
    (9, 16, "全面从严治党永远在路上", "", "县委党校 刘教授"),
    (11, 12, "以教育家精神铸魂强师", "周丽", ""),
]
# (kind, month, day, topic, documents studied)
SCHOOL_ACTIVITIES = [
    (Kind.STUDY_SESSION, 1, 24, "集中学习《中国共产党章程》", "《中国共产党章程》"),
    (Kind.VOLUNTEER, 3, 5, "学雷锋志愿服务：走进青山镇敬老院", ""),
    (Kind.STUDY_SESSION, 4, 24, "学习新修订的纪律处分条例", "《中国共产党纪律处分条例》"),
    (Kind.INTEGRITY, 4, 22, "观看警示教育片，筑牢廉洁从教防线", ""),
    (
        Kind.STUDY_SESSION,
        7,
        10,
        "学习习近平总书记关于教育的重要论述",
        "《习近平关于教育的重要论述摘编》",
    ),
    (Kind.VOLUNTEER, 9, 28, "“结对助学”志愿服务", ""),
    (
        Kind.STUDY_SESSION,
        10,
        24,
        "学习党的二十届四中全会精神",
        "党的二十届四中全会公报；《中共中央关于制定国民经济和社会发展第十五个五年规划的建议》",
    ),
    (Kind.INTEGRITY, 10, 28, "廉洁文化进校园专题教育", ""),
    (Kind.VOLUNTEER, 12, 5, "国际志愿者日社区义务辅导", ""),
]
# committee meetings that took a decision: month -> (title, category)
SCHOOL_DECISIONS = {
    3: ("审定支部年度党建工作要点", DecisionCategory.ORDINARY),
    4: ("学校食堂改造工程项目立项", DecisionCategory.MAJOR_PROJECT),
    7: ("推荐中层干部调整人选", DecisionCategory.APPOINTMENT),
    9: ("教育教学设备采购经费使用方案", DecisionCategory.LARGE_FUNDS),
    12: ("民主评议党员工作方案", DecisionCategory.ORDINARY),
}
LEAVE_REASONS = ["外出参加培训", "身体不适", "带学生参加比赛", "家中有事", "出差"]
# (month, day, category, participants, topic); a committee-committee talk covers every pair
SCHOOL_TALKS_LAST_YEAR = [
    (1, 15, "cc", ["王建国", "周丽"], "班子团结和分工协作"),
    (2, 20, "cc", ["王建国", "李红梅"], "组织工作和发展党员"),
    (3, 18, "cc", ["王建国", "赵敏"], "理论学习和意识形态工作"),
    (3, 25, "cc", ["王建国", "吴强"], "党风廉政建设"),
    (4, 16, "cc", ["周丽", "李红梅", "赵敏"], "党建与业务融合"),
    (5, 14, "cc", ["周丽", "吴强"], "后勤管理中的廉洁风险"),
    (5, 21, "cc", ["李红梅", "吴强"], "党费收缴和使用"),
    (6, 11, "cc", ["赵敏", "吴强"], "宣传阵地管理"),
    *[
        (month, 9, "cm", pair, f"了解{pair[1]}的思想动态和工作生活情况")
        for month, pair in [
            (3, ["王建国", "张伟"]),
            (4, ["王建国", "孙德明"]),
            (4, ["周丽", "郑华"]),
            (5, ["周丽", "冯建军"]),
            (6, ["李红梅", "陈静"]),
            (6, ["李红梅", "褚明"]),
            (7, ["赵敏", "卫国强"]),
            (8, ["赵敏", "蒋文"]),
            (9, ["吴强", "沈燕"]),
            (9, ["吴强", "韩磊"]),
            (10, ["王建国", "杨帆"]),
            (10, ["李红梅", "朱琳"]),
            (11, ["赵敏", "秦峰"]),
            (11, ["周丽", "尤佳"]),
            (11, ["吴强", "许诺"]),
        ]
    ],
    # the two newcomers who may have been admitted by the end of last year, whatever today is
    (12, 20, "cm", ["李红梅", "何晓"], "预备期教育考察"),
    (12, 21, "cm", ["李红梅", "吕博"], "入党前后的思想认识"),
    (10, 20, "mm", ["孙德明", "褚明", "朱琳"], "离退休党员发挥余热"),
]
# This year two committee pairs (周丽–吴强, 赵敏–吴强) and three members still lack a talk.
SCHOOL_TALKS_THIS_YEAR = [
    (1, 14, "cc", ["王建国", "周丽"], "新学期班子分工"),
    (2, 25, "cc", ["王建国", "李红梅"], "年度发展党员计划"),
    (3, 17, "cc", ["王建国", "赵敏"], "理论学习中心组安排"),
    (3, 24, "cc", ["王建国", "吴强"], "食堂改造项目的廉洁监督"),
    (4, 15, "cc", ["周丽", "李红梅", "赵敏"], "党建品牌创建"),
    (5, 20, "cc", ["李红梅", "吴强"], "党费收缴检查"),
    *[
        (month, 10, "cm", pair, f"了解{pair[1]}的思想动态和工作生活情况")
        for month, pair in [
            (3, ["王建国", "张伟"]),
            (4, ["王建国", "孙德明"]),
            (4, ["周丽", "郑华"]),
            (5, ["周丽", "冯建军"]),
            (6, ["李红梅", "陈静"]),
            (6, ["李红梅", "褚明"]),
            (7, ["赵敏", "卫国强"]),
            (8, ["赵敏", "蒋文"]),
            (8, ["李红梅", "吕博"]),
            (9, ["吴强", "沈燕"]),
            (9, ["李红梅", "何晓"]),
            (10, ["王建国", "杨帆"]),
            (10, ["李红梅", "朱琳"]),
        ]
    ],
    (11, 4, "mm", ["许诺", "孙德明"], "新老党员传帮带"),
]
TALK_CATEGORIES = {
    "cc": TalkCategory.COMMITTEE_COMMITTEE,
    "cm": TalkCategory.COMMITTEE_MEMBER,
    "mm": TalkCategory.MEMBER_MEMBER,
}
# ratings of the school's full members; everyone else is 合格 (≤ a third 优秀)
RATINGS_LAST_YEAR = {n: Rating.EXCELLENT for n in ["李红梅", "张伟", "郑华", "冯建军", "孙德明"]}
RATINGS_LAST_YEAR["杨帆"] = Rating.BASIC
RATINGS_THIS_YEAR = {n: Rating.EXCELLENT for n in ["赵敏", "韩磊", "陈静", "沈燕", "吴强"]}
UNRATED_THIS_YEAR = ["秦峰", "尤佳", "许诺"]  # the ratings are still being entered
SHORTCOMINGS = [
    "理论学习的深度和系统性还不够",
    "联系群众、服务群众的主动性有待提高",
    "开展批评与自我批评的勇气还不足",
    "工作中创新意识不强，满足于按部就班",
]
