//! The UI string catalog: every word the built-in templates show, in
//! Simplified Chinese (default) and English, plus the labels of statuses,
//! unit kinds, grades, roles, forms and member statuses.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::derive::ItemStatus;
use crate::model::{Grade, Lang, MemberStatus, PledgeForm, Role, UnitKind};

/// Simplified Chinese. Keys must match `EN` one for one (a test checks).
const ZH: &[(&str, &str)] = &[
    ("skip", "跳到正文"),
    ("nav_label", "主导航"),
    ("nav_home", "首页"),
    ("nav_years", "历年公示"),
    ("nav_categories", "承诺分类"),
    ("crumbs_label", "当前位置"),
    ("footer", "本站公示内容由各基层党组织发布，数据截至"),
    ("generator", "由 pledgeboard 生成"),
    ("dash", "—"),
    ("none_yet", "暂无"),
    ("year_suffix", "年"),
    ("home_overview", "年度总体情况"),
    ("latest_notes", "最新践诺进展"),
    (
        "home_welcome",
        "公开承诺是基层党组织和党员每年向群众公开作出、接受监督的承诺。本站公示每一项承诺的内容、办理进度和群众评价；找自己的社区或单位，请在下面按区域选择，或用上方的搜索框。",
    ),
    ("picker_title", "找我的社区/单位"),
    (
        "picker_hint",
        "先点所在的街道、乡镇或系统，再点社区、村或单位，即可看到它的公示栏。",
    ),
    ("picker_own", "本级公示栏"),
    ("latest_item", "事项："),
    ("other_years", "历年公示"),
    ("sheet_years", "历年承诺书"),
    ("status_lists", "各状态事项清单"),
    ("large_text", "大字"),
    ("large_text_label", "切换大字显示"),
    ("unit_tree", "组织架构"),
    ("all_years", "历年公示"),
    ("items", "承诺事项"),
    ("done", "已完成"),
    ("fulfilment", "兑现率"),
    ("coverage", "承诺覆盖率"),
    ("satisfaction", "群众满意率"),
    ("pledged", "已承诺党员"),
    ("required", "应承诺党员"),
    ("exempt", "免诺党员"),
    ("sheets", "承诺书"),
    ("notes", "进展记录"),
    ("drafts", "待审定承诺"),
    ("drafts_hint", "份承诺尚待审定，审定后公示"),
    ("status_counts", "事项状态"),
    ("unit_details", "组织概况"),
    ("kind", "组织类型"),
    ("secretary", "书记"),
    ("members", "党员人数"),
    ("roster", "党员构成"),
    ("established", "成立时间"),
    ("description", "简介"),
    ("exemplary_years", "先进典型"),
    ("exemplary_badge", "先进典型"),
    ("rectification", "整改通报"),
    ("rect_issued", "下达日期"),
    ("rect_deadline", "整改期限"),
    ("rect_reason", "整改原因"),
    ("rect_state", "整改情况"),
    ("rect_done", "已完成整改"),
    ("rect_open", "整改中"),
    ("rect_late", "逾期未整改"),
    ("child_units", "下级组织"),
    ("unit_years", "历年公开承诺"),
    ("unit", "组织"),
    ("board", "公示栏"),
    ("unit_pledge", "组织承诺"),
    ("member_pledges", "党员承诺"),
    ("no_unit_pledge", "本年度暂未公示组织承诺。"),
    ("name", "姓名"),
    ("pledger", "承诺人"),
    ("role", "职务"),
    ("progress", "进度"),
    ("avg_progress", "平均进度"),
    ("grade", "组织认定"),
    ("pledge_sheet", "公开承诺书"),
    ("form", "承诺方式"),
    ("approved", "审定"),
    ("published", "公布日期"),
    ("item", "承诺事项"),
    ("category", "类别"),
    ("deadline", "完成时限"),
    ("baseline", "现状基础"),
    ("target", "预期效果"),
    ("responsibility", "责任分工"),
    ("status", "状态"),
    ("statement", "承诺说明"),
    ("timeline", "践诺纪实"),
    ("no_notes", "暂无进展记录。"),
    ("note_items", "涉及事项"),
    ("author", "记录人"),
    ("permalink", "本条链接"),
    ("back_to_sheet", "返回承诺书"),
    ("evaluation", "民主评诺"),
    ("leader_comments", "领导点评"),
    ("half_1", "上半年"),
    ("half_2", "下半年"),
    ("mass_evaluation", "群众评议"),
    ("votes_satisfied", "满意"),
    ("votes_basic", "基本满意"),
    ("votes_unsatisfied", "不满意"),
    ("votes_total", "参评票数"),
    ("no_review", "尚未开展年终评议。"),
    ("year_page", "公开承诺公示"),
    ("results", "评诺结果"),
    ("grades", "等次分布"),
    ("exemplary_units", "先进典型组织"),
    ("exemplary_members", "先进典型党员"),
    ("rectifications", "整改通报"),
    ("overdue_items", "逾期事项"),
    ("overdue_first", "截止日期最早的 {n} 项："),
    ("overdue_all", "查看全部 {n} 项逾期事项"),
    ("pager_label", "分页"),
    ("pager_prev", "上一页"),
    ("pager_next", "下一页"),
    ("pager_page", "第 {n} 页"),
    ("pager_status", "第 {n} 页，共 {pages} 页"),
    ("pager_range", "第 {from}–{to} 项，共 {count} 项"),
    ("continued", "（续）"),
    ("per_unit", "各单位情况"),
    ("categories", "承诺分类"),
    ("category_items", "该类承诺事项"),
    ("status_page", "状态"),
    ("years", "历年公示"),
    ("year", "年度"),
    ("count", "数量"),
    ("of", "/"),
    ("percent_label", "完成进度"),
    ("kind_committee", "党委"),
    ("kind_township", "乡镇"),
    ("kind_village", "村"),
    ("kind_street", "街道"),
    ("kind_community", "社区"),
    ("kind_soe", "国有企业"),
    ("kind_organ", "机关"),
    ("kind_school", "学校"),
    ("kind_institution", "事业单位"),
    ("kind_nonpublic", "非公有制经济组织"),
    ("kind_social", "社会组织"),
    ("status_done", "已完成"),
    ("status_adjusted", "已调整"),
    ("status_abandoned", "已放弃"),
    ("status_overdue", "已逾期"),
    ("status_delayed", "已延期"),
    ("status_in-progress", "进行中"),
    ("status_not-started", "未开始"),
    ("grade_excellent", "优秀"),
    ("grade_qualified", "合格"),
    ("grade_basic", "基本合格"),
    ("grade_unqualified", "不合格"),
    ("role_secretary", "书记"),
    ("role_committee", "委员"),
    ("role_member", "党员"),
    ("role_affairs-worker", "党务工作者"),
    ("role_student", "学生党员"),
    ("form_public", "公开承诺"),
    ("form_written", "书面承诺"),
    ("form_oral", "口头承诺"),
    ("member_active", "在职党员"),
    ("member_retired", "离退休党员"),
    ("member_floating", "流动党员"),
    ("member_no-post", "无职党员"),
    ("list_sep", "、"),
    ("search", "搜索"),
    ("search_label", "站内搜索"),
    ("search_placeholder", "姓名、组织、事项、类别"),
    ("search_button", "搜索"),
    ("search_query_label", "搜索关键词"),
    ("search_title", "站内搜索"),
    (
        "search_hint",
        "输入姓名、组织名称、承诺事项、类别、状态（如“已逾期”）或进展内容中的任意几个字，也可以输入编号。",
    ),
    ("search_examples", "例如："),
    ("search_statuses", "按状态查看"),
    ("search_status_hit", "状态列表"),
    (
        "search_none_help",
        "可以换一个更短的关键词，或从下面的状态列表和名录中查找。",
    ),
    ("search_try", "试试："),
    (
        "search_offline",
        "从本地文件夹或U盘打开时，浏览器不允许读取搜索索引：请在下方名录中查找（可使用浏览器的“在页面中查找”），或把网站放到网站服务器上使用搜索。",
    ),
    ("status_words_done", "已完成 完成 已兑现 兑现 办结 已办结"),
    ("status_words_adjusted", "已调整 调整 变更"),
    ("status_words_abandoned", "已放弃 放弃 终止 取消 作废"),
    (
        "status_words_overdue",
        "已逾期 逾期 超期 过期 逾期未完成 到期未完成",
    ),
    ("status_words_delayed", "已延期 延期 延迟 推迟 延后"),
    (
        "status_words_in-progress",
        "进行中 推进中 在办 正在进行 办理中",
    ),
    ("status_words_not-started", "未开始 未启动 尚未开始 没开始"),
    ("search_loading", "正在搜索……"),
    ("search_found", "找到 {n} 条结果"),
    ("search_none", "没有找到与“{q}”有关的内容。"),
    ("search_short", "请至少输入一个汉字或两个字母。"),
    ("search_more", "显示更多结果"),
    ("search_error", "搜索索引未能加载，请在下方名录中查找。"),
    ("search_directory", "全部组织和承诺人名录"),
    (
        "search_directory_units",
        "全部组织名录（各组织的承诺人列在其公示栏中）",
    ),
    (
        "search_nojs",
        "浏览器未启用 JavaScript 时无法即时搜索，请在下方名录中查找（可使用浏览器的“在页面中查找”）。",
    ),
    ("search_kind_unit", "组织"),
    ("search_kind_pledger", "承诺人"),
    ("search_kind_category", "类别"),
    ("search_kind_item", "承诺事项"),
    ("search_kind_note", "进展记录"),
    ("feed", "订阅践诺进展（Atom）"),
    ("feed_unit", "订阅本组织践诺进展（Atom）"),
    ("not_found_title", "页面不存在"),
    (
        "not_found_text",
        "您要访问的页面不存在或已经移动。可以在下面搜索，或回到首页。",
    ),
    ("charts", "统计图表"),
    ("chart_table", "查看数据表"),
    ("chart_share", "占比"),
    ("chart_month", "月份"),
    ("chart_status", "事项状态分布"),
    ("chart_status_summary", "共 {n} 项承诺事项：{list}。"),
    ("chart_status_part", "{label} {n} 项"),
    ("chart_status_empty", "暂无承诺事项。"),
    ("chart_kind", "各类组织兑现率"),
    ("chart_children", "下级组织兑现率"),
    (
        "chart_rate_summary",
        "{rate}最高的是{hi}（{hi_rate}），最低的是{lo}（{lo_rate}）。",
    ),
    ("chart_rate_one", "{name}的{rate}为 {value}。"),
    ("chart_rate_none", "暂无可计算兑现率的承诺事项。"),
    ("chart_rate_none_due", "暂无到期事项。"),
    (
        "chart_rate_left_out",
        "暂无到期事项、未参加排名的：{list}。",
    ),
    ("chart_months", "每月进展记录"),
    (
        "chart_months_summary",
        "{year}共有进展记录 {n} 条，最多的是{month}（{max} 条）。",
    ),
    ("chart_months_empty", "{year}暂无进展记录。"),
    ("chart_satisfaction", "群众评议结果"),
    (
        "chart_satisfaction_summary",
        "共 {n} 票：满意 {s} 票，基本满意 {b} 票，不满意 {u} 票，满意率 {rate}。",
    ),
    ("month_1", "1月"),
    ("month_2", "2月"),
    ("month_3", "3月"),
    ("month_4", "4月"),
    ("month_5", "5月"),
    ("month_6", "6月"),
    ("month_7", "7月"),
    ("month_8", "8月"),
    ("month_9", "9月"),
    ("month_10", "10月"),
    ("month_11", "11月"),
    ("month_12", "12月"),
    ("print_unit", "所在党组织"),
    ("print_no", "序号"),
    ("print_approval", "审定意见"),
    ("print_signature", "承诺人（签字）"),
    ("print_date", "日期"),
    ("print_date_blank", "　　年　　月　　日"),
    ("print_qr", "扫码查看践诺进展"),
    ("poster_heading", "公开承诺公示栏"),
    ("poster_posted", "公示日期"),
    ("poster_qr", "扫码查看完整公示和践诺进展"),
    ("poster_members", "党员承诺一览"),
    ("print_poster_a4", "公示栏打印版（A4）"),
    ("print_poster_a3", "公示栏打印版（A3）"),
    ("print_cards", "承诺卡"),
    ("print_heading", "打印张贴"),
    (
        "poster_intro",
        "本页是公示栏的打印版，按 {paper} 纸排版。打印时纸张选 {paper}，缩放选“实际大小”（100%）。",
    ),
    (
        "cards_intro",
        "每位党员一张承诺卡（A6 大小），一张 A4 纸印四张，沿虚线裁开，可摆放在办公桌或服务窗口。",
    ),
    ("card_heading", "我的承诺"),
    ("poster_back", "返回公示栏"),
    ("print_as_of", "数据截至 {date}"),
    ("print_source", "来源"),
    ("supervision", "欢迎群众监督"),
    ("supervision_phone", "监督电话"),
    ("supervision_mailbox", "意见箱"),
    ("supervision_address", "联系地址"),
    ("print_leader", "负责人"),
    ("print_parent", "上级党组织"),
    ("print_unit_pledger", "承诺单位"),
    ("print_seal", "承诺单位（盖章）"),
    ("print_leader_signature", "负责人（签字）"),
    ("print_result", "践诺结果"),
    ("print_closed", "年度已结束，本件为年终践诺结果"),
    ("print_votes", "群众评议"),
    ("print_no_review", "未进行年终评议"),
    ("fulfilment_due", "到期事项兑现率"),
    ("fulfilment_year", "全年兑现率"),
    ("due_items", "到期事项"),
    ("no_due", "暂无到期事项"),
    ("year_running", "年度进行中，数据截至{date}"),
    ("year_closed", "{year}已结束，按全年计"),
    ("scope_subtree", "含下级组织"),
    ("scope_own", "本组织"),
    ("after_review", "年终评议后公布"),
    ("required_unknown", "应承诺人数未登记"),
    ("define_label", "口径"),
    (
        "define_fulfilment",
        "全年兑现率 = 已完成 ÷（全部事项 − 已调整事项）。还没到完成时限的事项也在分母里，年度进行中这个数字偏低。",
    ),
    (
        "define_fulfilment_due",
        "到期事项兑现率 = 已完成 ÷ 到期事项。到期事项指已完成、已放弃和已过完成时限（有经审定的新时限时按新时限）的事项；还没到时限的不计入。",
    ),
    (
        "define_coverage",
        "承诺覆盖率 = 已公示的党员承诺书 ÷ 应承诺党员（花名册中当年未免诺的党员；没有花名册时按登记的党员人数）。组织承诺书不计入。",
    ),
    (
        "define_satisfaction",
        "群众满意率 =（满意票 + 基本满意票）÷ 全部评议票数，把统计范围内全部承诺人的票数合在一起计算。",
    ),
    ("glossary_title", "口径说明"),
    ("glossary_link", "全部口径说明"),
    (
        "glossary_intro",
        "本页说明网站上每一个数字怎么算、每一种状态是什么意思，以及评议结果怎样产生。",
    ),
    ("glossary_figures", "统计数字"),
    ("glossary_statuses", "事项状态"),
    ("glossary_scope", "统计范围"),
    (
        "glossary_scope_text",
        "标“含下级组织”的数字包括这个组织和它的全部下级组织；标“本组织”的只算这个组织自己的承诺书和党员。",
    ),
    (
        "glossary_running",
        "年度进行中（当年 12 月 31 日以前），页面以到期事项兑现率为主，并注明数据截至的日期，全年兑现率在旁边标明；年度结束后以全年兑现率为主。排名和图表按到期事项兑现率排列，没有到期事项的组织不参加排名。",
    ),
    ("glossary_evaluation", "评诺方式"),
    (
        "glossary_votes",
        "群众评议：年终由群众对承诺人逐一投票，分为满意、基本满意、不满意三档，满意率按上面的公式计算。评议之前页面显示“年终评议后公布”。",
    ),
    (
        "glossary_grades",
        "组织认定：年终由上级党组织结合践诺情况和群众评议认定等次，分为优秀、合格、基本合格、不合格。认定之前页面显示“年终评议后公布”。",
    ),
    (
        "glossary_comments",
        "领导点评：上级党组织负责人每半年对承诺践诺情况点评一次。",
    ),
    (
        "status_def_done",
        "承诺事项已经完成（最后一条进展写明完成，或进度达到 100%）。",
    ),
    (
        "status_def_adjusted",
        "经审定调整，不再按原承诺考核；页面显示调整后的内容。不计入兑现率的分母。",
    ),
    (
        "status_def_abandoned",
        "经审定放弃；页面显示放弃的原因。仍计入兑现率的分母，也是到期事项。",
    ),
    (
        "status_def_overdue",
        "已过完成时限（有经审定的新时限时按新时限）仍未完成；页面显示逾期天数和最新说明。",
    ),
    (
        "status_def_delayed",
        "经审定延期，新的完成时限还没到；页面显示“已延期至”新时限，原定时限划线保留。",
    ),
    ("status_def_in-progress", "已有践诺进展，还没到完成时限。"),
    ("status_def_not-started", "还没有践诺进展，也没到完成时限。"),
    ("delayed_to", "已延期至 {date}"),
    ("original_deadline", "原定"),
    ("overdue_by", "已逾期 {n} 天"),
    ("adjusted_to", "调整为"),
    ("abandoned_why", "放弃原因"),
    ("latest_explanation", "最新说明"),
    ("item_now", "事项现为"),
];

/// English. Same keys as `ZH`.
const EN: &[(&str, &str)] = &[
    ("skip", "Skip to content"),
    ("nav_label", "Main navigation"),
    ("nav_home", "Home"),
    ("nav_years", "Archive"),
    ("nav_categories", "Categories"),
    ("crumbs_label", "You are here"),
    (
        "footer",
        "Published by the grassroots party organizations; figures as of",
    ),
    ("generator", "Generated by pledgeboard"),
    ("dash", "—"),
    ("none_yet", "None yet"),
    ("year_suffix", ""),
    ("home_overview", "Overview"),
    ("latest_notes", "Latest progress"),
    (
        "home_welcome",
        "A public pledge is what a party organization or member promises the public each year, open to its scrutiny. This site shows every pledge item, how far it has come and how people rated it; to find your community or workplace, pick it below or use the search box above.",
    ),
    ("picker_title", "Find my community or workplace"),
    (
        "picker_hint",
        "Tap your street, township or sector, then your community, village or workplace to see its board.",
    ),
    ("picker_own", "its own board"),
    ("latest_item", "Item: "),
    ("other_years", "Years"),
    ("sheet_years", "Pledges by year"),
    ("status_lists", "Items by status"),
    ("large_text", "Larger text"),
    ("large_text_label", "Switch to larger text"),
    ("unit_tree", "Organizations"),
    ("all_years", "All years"),
    ("items", "Pledge items"),
    ("done", "Done"),
    ("fulfilment", "Fulfilment"),
    ("coverage", "Coverage"),
    ("satisfaction", "Satisfaction"),
    ("pledged", "Members pledged"),
    ("required", "Members required"),
    ("exempt", "Members exempt"),
    ("sheets", "Pledge sheets"),
    ("notes", "Progress notes"),
    ("drafts", "Awaiting approval"),
    (
        "drafts_hint",
        "pledge(s) awaiting approval; published once approved",
    ),
    ("status_counts", "Item status"),
    ("unit_details", "About"),
    ("kind", "Kind"),
    ("secretary", "Secretary"),
    ("members", "Members"),
    ("roster", "Membership"),
    ("established", "Established"),
    ("description", "Description"),
    ("exemplary_years", "Exemplary"),
    ("exemplary_badge", "Exemplary"),
    ("rectification", "Rectification orders"),
    ("rect_issued", "Issued"),
    ("rect_deadline", "Deadline"),
    ("rect_reason", "Reason"),
    ("rect_state", "State"),
    ("rect_done", "Completed"),
    ("rect_open", "Open"),
    ("rect_late", "Past deadline"),
    ("child_units", "Sub-organizations"),
    ("unit_years", "Pledges by year"),
    ("unit", "Organization"),
    ("board", "Pledge board"),
    ("unit_pledge", "Organization's pledge"),
    ("member_pledges", "Members' pledges"),
    (
        "no_unit_pledge",
        "No organizational pledge published this year.",
    ),
    ("name", "Name"),
    ("pledger", "Pledger"),
    ("role", "Role"),
    ("progress", "Progress"),
    ("avg_progress", "Average progress"),
    ("grade", "Grade"),
    ("pledge_sheet", "Public pledge"),
    ("form", "Form"),
    ("approved", "Approved"),
    ("published", "Published"),
    ("item", "Item"),
    ("category", "Category"),
    ("deadline", "Deadline"),
    ("baseline", "Baseline"),
    ("target", "Expected result"),
    ("responsibility", "Responsibility"),
    ("status", "Status"),
    ("statement", "Statement"),
    ("timeline", "Progress timeline"),
    ("no_notes", "No progress notes yet."),
    ("note_items", "Items"),
    ("author", "Recorded by"),
    ("permalink", "Permalink"),
    ("back_to_sheet", "Back to the pledge"),
    ("evaluation", "Evaluation"),
    ("leader_comments", "Leaders' comments"),
    ("half_1", "First half"),
    ("half_2", "Second half"),
    ("mass_evaluation", "Public evaluation"),
    ("votes_satisfied", "Satisfied"),
    ("votes_basic", "Basically satisfied"),
    ("votes_unsatisfied", "Unsatisfied"),
    ("votes_total", "Votes"),
    ("no_review", "Not evaluated yet."),
    ("year_page", "Public pledges"),
    ("results", "Results"),
    ("grades", "Grades"),
    ("exemplary_units", "Exemplary organizations"),
    ("exemplary_members", "Exemplary members"),
    ("rectifications", "Rectification orders"),
    ("overdue_items", "Overdue items"),
    ("overdue_first", "The {n} with the earliest deadlines:"),
    ("overdue_all", "See all {n} overdue items"),
    ("pager_label", "Pages"),
    ("pager_prev", "Previous"),
    ("pager_next", "Next"),
    ("pager_page", "Page {n}"),
    ("pager_status", "Page {n} of {pages}"),
    ("pager_range", "items {from}–{to} of {count}"),
    ("continued", " (continued)"),
    ("per_unit", "By organization"),
    ("categories", "Categories"),
    ("category_items", "Items in this category"),
    ("status_page", "Status"),
    ("years", "Archive"),
    ("year", "Year"),
    ("count", "Count"),
    ("of", "of"),
    ("percent_label", "Progress"),
    ("kind_committee", "Party committee"),
    ("kind_township", "Township"),
    ("kind_village", "Village"),
    ("kind_street", "Street"),
    ("kind_community", "Community"),
    ("kind_soe", "State-owned enterprise"),
    ("kind_organ", "Government organ"),
    ("kind_school", "School"),
    ("kind_institution", "Public institution"),
    ("kind_nonpublic", "Private enterprise"),
    ("kind_social", "Social organization"),
    ("status_done", "Done"),
    ("status_adjusted", "Adjusted"),
    ("status_abandoned", "Abandoned"),
    ("status_overdue", "Overdue"),
    ("status_delayed", "Delayed"),
    ("status_in-progress", "In progress"),
    ("status_not-started", "Not started"),
    ("grade_excellent", "Excellent"),
    ("grade_qualified", "Qualified"),
    ("grade_basic", "Basically qualified"),
    ("grade_unqualified", "Unqualified"),
    ("role_secretary", "Secretary"),
    ("role_committee", "Committee member"),
    ("role_member", "Member"),
    ("role_affairs-worker", "Party affairs worker"),
    ("role_student", "Student member"),
    ("form_public", "Public"),
    ("form_written", "Written"),
    ("form_oral", "Oral"),
    ("member_active", "Active"),
    ("member_retired", "Retired"),
    ("member_floating", "Floating"),
    ("member_no-post", "Without a post"),
    ("list_sep", ", "),
    ("search", "Search"),
    ("search_label", "Search this site"),
    ("search_placeholder", "Name, organization, item, category"),
    ("search_button", "Search"),
    ("search_query_label", "Search for"),
    ("search_title", "Search"),
    (
        "search_hint",
        "Type any part of a name, organization, pledge item, category, status (such as “overdue”) or progress note, or an id.",
    ),
    ("search_examples", "For example: "),
    ("search_statuses", "By status"),
    ("search_status_hit", "Status list"),
    (
        "search_none_help",
        "Try a shorter word, or look in the status lists and the list below.",
    ),
    ("search_try", "Try: "),
    (
        "search_offline",
        "Opened from a folder or a USB stick, the browser does not let this page read the search index: find the name in the list below (your browser's Find works), or put the site on a web server to search.",
    ),
    (
        "status_words_done",
        "done completed complete finished fulfilled",
    ),
    ("status_words_adjusted", "adjusted changed"),
    (
        "status_words_abandoned",
        "abandoned dropped cancelled canceled",
    ),
    ("status_words_overdue", "overdue late missed"),
    ("status_words_delayed", "delayed postponed"),
    ("status_words_in-progress", "in-progress ongoing underway"),
    ("status_words_not-started", "not-started pending"),
    ("search_loading", "Searching…"),
    ("search_found", "{n} results"),
    ("search_none", "Nothing found for “{q}”."),
    ("search_short", "Type at least two letters."),
    ("search_more", "Show more results"),
    (
        "search_error",
        "The search index could not be loaded; please use the list below.",
    ),
    ("search_directory", "All organizations and pledgers"),
    (
        "search_directory_units",
        "All organizations (each board lists its pledgers)",
    ),
    (
        "search_nojs",
        "Without JavaScript the search box cannot search: find the name in the list below (your browser's Find works).",
    ),
    ("search_kind_unit", "Organization"),
    ("search_kind_pledger", "Pledger"),
    ("search_kind_category", "Category"),
    ("search_kind_item", "Item"),
    ("search_kind_note", "Progress note"),
    ("feed", "Follow progress (Atom feed)"),
    ("feed_unit", "Follow this organization (Atom feed)"),
    ("not_found_title", "Page not found"),
    (
        "not_found_text",
        "The page you asked for does not exist or has moved. Search below, or start from the home page.",
    ),
    ("charts", "Charts"),
    ("chart_table", "Data table"),
    ("chart_share", "Share"),
    ("chart_month", "Month"),
    ("chart_status", "Items by status"),
    ("chart_status_summary", "{n} items: {list}."),
    ("chart_status_part", "{n} {label}"),
    ("chart_status_empty", "No items yet."),
    ("chart_kind", "Fulfilment by kind of organization"),
    ("chart_children", "Fulfilment by organization"),
    (
        "chart_rate_summary",
        "Highest {rate}: {hi} ({hi_rate}); lowest: {lo} ({lo_rate}).",
    ),
    ("chart_rate_one", "{rate} of {name}: {value}."),
    ("chart_rate_none", "No fulfilment to show yet."),
    ("chart_rate_none_due", "Nothing is due yet."),
    (
        "chart_rate_left_out",
        "Nothing due yet, so not ranked: {list}.",
    ),
    ("chart_months", "Progress notes per month"),
    (
        "chart_months_summary",
        "{n} progress notes in {year}; the most in {month} ({max}).",
    ),
    ("chart_months_empty", "No progress notes in {year}."),
    ("chart_satisfaction", "Public evaluation"),
    (
        "chart_satisfaction_summary",
        "{n} votes: {s} satisfied, {b} basically satisfied, {u} unsatisfied; satisfaction {rate}.",
    ),
    ("month_1", "Jan"),
    ("month_2", "Feb"),
    ("month_3", "Mar"),
    ("month_4", "Apr"),
    ("month_5", "May"),
    ("month_6", "Jun"),
    ("month_7", "Jul"),
    ("month_8", "Aug"),
    ("month_9", "Sep"),
    ("month_10", "Oct"),
    ("month_11", "Nov"),
    ("month_12", "Dec"),
    ("print_unit", "Party organization"),
    ("print_no", "No."),
    ("print_approval", "Approved by"),
    ("print_signature", "Signature of the pledger"),
    ("print_date", "Date"),
    ("print_date_blank", "____________"),
    ("print_qr", "Scan to follow the progress online"),
    ("poster_heading", "Public pledge board"),
    ("poster_posted", "Posted on"),
    ("poster_qr", "Scan for the full board and progress"),
    ("poster_members", "Members' pledges"),
    ("print_poster_a4", "Printable board (A4)"),
    ("print_poster_a3", "Printable board (A3)"),
    ("print_cards", "Pledge cards"),
    ("print_heading", "Print and post"),
    (
        "poster_intro",
        "This is the board laid out for {paper} paper. Print on {paper} at actual size (100%).",
    ),
    (
        "cards_intro",
        "One card per member (A6): four to an A4 sheet; cut along the dashed lines and place them on desks or at the service counter.",
    ),
    ("card_heading", "My pledge"),
    ("poster_back", "Back to the board"),
    ("print_as_of", "Data as of {date}"),
    ("print_source", "Source"),
    ("supervision", "Tell us what you see"),
    ("supervision_phone", "Phone"),
    ("supervision_mailbox", "Suggestion box"),
    ("supervision_address", "Address"),
    ("print_leader", "Person in charge"),
    ("print_parent", "Upper-level organization"),
    ("print_unit_pledger", "Pledging organization"),
    ("print_seal", "Seal of the organization"),
    (
        "print_leader_signature",
        "Signature of the person in charge",
    ),
    ("print_result", "Results"),
    (
        "print_closed",
        "The year is over: this sheet shows its results",
    ),
    ("print_votes", "Public evaluation"),
    ("print_no_review", "No year-end evaluation held"),
    ("fulfilment_due", "Fulfilment of due items"),
    ("fulfilment_year", "Whole-year fulfilment"),
    ("due_items", "Due items"),
    ("no_due", "Nothing due yet"),
    ("year_running", "Year in progress; figures as of {date}"),
    ("year_closed", "{year} is over: whole-year figures"),
    ("scope_subtree", "incl. sub-units"),
    ("scope_own", "this organization only"),
    ("after_review", "Published after the year-end evaluation"),
    (
        "required_unknown",
        "Members required to pledge: not on record",
    ),
    ("define_label", "How it is computed"),
    (
        "define_fulfilment",
        "Whole-year fulfilment = done ÷ (all items − adjusted items). Items not yet due count in the denominator, so it is low while the year runs.",
    ),
    (
        "define_fulfilment_due",
        "Fulfilment of due items = done ÷ due items. Due items are those done, abandoned, or past their deadline (an approved new deadline when there is one); items not yet due are left out.",
    ),
    (
        "define_coverage",
        "Coverage = member pledge sheets published ÷ members required to pledge (roster members not exempt that year; without a roster, the members on record). The organization's own sheet does not count.",
    ),
    (
        "define_satisfaction",
        "Satisfaction = (satisfied + basically satisfied) ÷ all votes, pooling the votes of every pledger counted.",
    ),
    ("glossary_title", "How figures are computed"),
    ("glossary_link", "All definitions"),
    (
        "glossary_intro",
        "What every figure on this site means, how it is computed, what each status word says, and how evaluations are collected.",
    ),
    ("glossary_figures", "Figures"),
    ("glossary_statuses", "Item statuses"),
    ("glossary_scope", "Scope"),
    (
        "glossary_scope_text",
        "Figures marked “incl. sub-units” count the organization and all organizations under it; those marked “this organization only” count its own pledge sheets and members.",
    ),
    (
        "glossary_running",
        "While a year is in progress (until 31 December), pages lead with the fulfilment of due items and say up to which date; the whole-year figure stays beside it, labelled. After the year they lead with the whole-year figure. Rankings and charts use the fulfilment of due items and leave out organizations with nothing due.",
    ),
    ("glossary_evaluation", "Evaluation"),
    (
        "glossary_votes",
        "Mass evaluation: at the end of the year the public votes on each pledger: satisfied, basically satisfied or unsatisfied. Until then pages say “Published after the year-end evaluation”.",
    ),
    (
        "glossary_grades",
        "Organizational determination: at the end of the year the upper-level organization grades each pledger: excellent, qualified, basically qualified or unqualified. Until then pages say “Published after the year-end evaluation”.",
    ),
    (
        "glossary_comments",
        "Leader comments: the upper-level organization's leaders comment every half year.",
    ),
    (
        "status_def_done",
        "The item is done (the last note says so, or progress reached 100%).",
    ),
    (
        "status_def_adjusted",
        "Adjusted after approval and no longer judged as first pledged; the page shows what it became. Left out of the fulfilment denominator.",
    ),
    (
        "status_def_abandoned",
        "Given up after approval; the page shows why. It stays in the fulfilment denominator and is due.",
    ),
    (
        "status_def_overdue",
        "Past its deadline (an approved new deadline when there is one) and not done; the page shows by how many days and the latest explanation.",
    ),
    (
        "status_def_delayed",
        "Delayed with approval and the new deadline has not passed; the page shows “Delayed to” the new date, with the original struck through.",
    ),
    (
        "status_def_in-progress",
        "Work is recorded and the deadline has not passed.",
    ),
    (
        "status_def_not-started",
        "No work recorded yet and the deadline has not passed.",
    ),
    ("delayed_to", "Delayed to {date}"),
    ("original_deadline", "originally"),
    ("overdue_by", "{n} days overdue"),
    ("adjusted_to", "Adjusted to"),
    ("abandoned_why", "Why it was given up"),
    ("latest_explanation", "Latest explanation"),
    ("item_now", "item now"),
];

static ZH_MAP: LazyLock<BTreeMap<&'static str, &'static str>> =
    LazyLock::new(|| ZH.iter().copied().collect());
static EN_MAP: LazyLock<BTreeMap<&'static str, &'static str>> =
    LazyLock::new(|| EN.iter().copied().collect());

/// The strings of one language, looked up by key.
#[derive(Clone, Copy, Debug)]
pub struct Strings {
    lang: Lang,
}

impl Strings {
    pub fn new(lang: Lang) -> Self {
        Strings { lang }
    }

    /// The whole catalog, for templates (`t.key`).
    pub fn map(&self) -> &'static BTreeMap<&'static str, &'static str> {
        match self.lang {
            Lang::ZhCn => &ZH_MAP,
            Lang::En => &EN_MAP,
        }
    }

    /// One string. Keys come from this crate's code only, so a key the
    /// catalog lacks is a bug: a debug build (every test that renders a
    /// page, in both languages) stops on it, and `every_label_exists`
    /// walks every family of keys made at run time; a release build
    /// shows the key. Templates read the catalog as `t.key`, and tera
    /// refuses to print an undefined one, so rendering every template
    /// checks theirs.
    pub fn get<'a>(&self, key: &'a str) -> &'a str {
        match self.map().get(key) {
            Some(text) => text,
            None => {
                debug_assert!(false, "no string {key:?} in the {:?} catalog", self.lang);
                key
            }
        }
    }

    fn prefixed(&self, prefix: &str, key: &str) -> String {
        self.get(&format!("{prefix}_{key}")).to_string()
    }

    pub fn status(&self, s: ItemStatus) -> String {
        self.prefixed("status", s.as_str())
    }

    pub fn kind(&self, k: UnitKind) -> String {
        self.prefixed("kind", k.as_str())
    }

    pub fn grade(&self, g: Grade) -> String {
        self.prefixed("grade", g.as_str())
    }

    pub fn role(&self, r: Role) -> String {
        self.prefixed("role", r.as_str())
    }

    pub fn form(&self, f: PledgeForm) -> String {
        self.prefixed("form", f.as_str())
    }

    pub fn member_status(&self, m: MemberStatus) -> String {
        self.prefixed("member", m.as_str())
    }

    /// "2026年" or "2026".
    /// A day of the year as readers say it: 11月28日, 28 November.
    pub fn day(&self, date: crate::model::Date) -> String {
        let (m, d) = (date.month(), date.0.day());
        match self.lang {
            Lang::ZhCn => format!("{m}月{d}日"),
            Lang::En => {
                const MONTHS: [&str; 12] = [
                    "January",
                    "February",
                    "March",
                    "April",
                    "May",
                    "June",
                    "July",
                    "August",
                    "September",
                    "October",
                    "November",
                    "December",
                ];
                format!("{d} {}", MONTHS[(m as usize).clamp(1, 12) - 1])
            }
        }
    }

    pub fn year(&self, year: i32) -> String {
        format!("{year}{}", self.get("year_suffix"))
    }

    /// The string `key` with each `{name}` replaced by its value.
    pub fn fill(&self, key: &str, values: &[(&str, String)]) -> String {
        let mut out = self.get(key).to_string();
        for (k, v) in values {
            out = out.replace(&format!("{{{k}}}"), v);
        }
        out
    }
}

/// A rate (a fraction) as `64.0%`, or `—` when unknown.
pub fn percent(rate: Option<f64>) -> String {
    match rate {
        Some(r) if r.is_finite() => format!("{:.1}%", r * 100.0),
        _ => "—".to_string(),
    }
}

/// A rate as a whole percentage clamped to 0..=100, for bar widths.
pub fn bar_width(rate: Option<f64>) -> u8 {
    match rate {
        Some(r) if r.is_finite() => (r * 100.0).round().clamp(0.0, 100.0) as u8,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(table: &[(&'static str, &str)]) -> BTreeSet<&'static str> {
        let set: BTreeSet<_> = table.iter().map(|(k, _)| *k).collect();
        assert_eq!(set.len(), table.len(), "duplicate keys in a catalog");
        set
    }

    #[test]
    fn every_key_exists_in_both_languages() {
        let zh = keys(ZH);
        let en = keys(EN);
        let only_zh: Vec<_> = zh.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&zh).collect();
        assert!(only_zh.is_empty(), "missing in English: {only_zh:?}");
        assert!(only_en.is_empty(), "missing in Chinese: {only_en:?}");
        for (k, v) in ZH.iter() {
            assert!(!v.is_empty() || *k == "year_suffix", "empty zh string {k}");
        }
    }

    /// A keyword's Chinese name in messages (`street（街道）`) is the word
    /// the pages show for it, so editors meet one name for one thing.
    #[test]
    fn keyword_names_are_the_page_labels() {
        use crate::model::{Keyword, NoteStatus};
        fn same<K: Keyword>(prefix: &str, t: &Strings) {
            for (kw, zh) in K::choices() {
                assert_eq!(t.get(&format!("{prefix}_{kw}")), zh, "{prefix}_{kw}");
            }
            // And the English names the schema declares (crate::schema).
            let en = Strings::new(Lang::En);
            for c in K::CHOICES {
                assert_eq!(en.get(&format!("{prefix}_{}", c.keyword)), c.en);
            }
        }
        let t = Strings::new(Lang::ZhCn);
        same::<UnitKind>("kind", &t);
        same::<NoteStatus>("status", &t);
        same::<Grade>("grade", &t);
        same::<Role>("role", &t);
        same::<PledgeForm>("form", &t);
        same::<MemberStatus>("member", &t);
    }

    #[test]
    fn every_label_exists() {
        for lang in [Lang::ZhCn, Lang::En] {
            let t = Strings::new(lang);
            let mut keys = Vec::new();
            keys.extend(
                ItemStatus::ALL
                    .iter()
                    .map(|s| format!("status_{}", s.as_str())),
            );
            keys.extend(UnitKind::ALL.iter().map(|s| format!("kind_{}", s.as_str())));
            keys.extend(Grade::ALL.iter().map(|s| format!("grade_{}", s.as_str())));
            keys.extend(Role::ALL.iter().map(|s| format!("role_{}", s.as_str())));
            keys.extend(
                PledgeForm::ALL
                    .iter()
                    .map(|s| format!("form_{}", s.as_str())),
            );
            keys.extend(
                MemberStatus::ALL
                    .iter()
                    .map(|s| format!("member_{}", s.as_str())),
            );
            // The other keys the pages make at run time.
            for s in ItemStatus::ALL {
                keys.push(format!("status_def_{}", s.as_str()));
                keys.push(format!("status_words_{}", s.as_str()));
            }
            keys.extend((1..=12).map(|m| format!("month_{m}")));
            keys.extend(["done", "open", "late"].map(|s| format!("rect_{s}")));
            use super::super::urls::Paper;
            keys.extend([Paper::A4, Paper::A3].map(|p| format!("print_poster_{}", p.as_str())));
            for k in keys {
                assert!(t.map().contains_key(k.as_str()), "{lang:?} lacks {k}");
            }
        }
        assert_eq!(
            Strings::new(Lang::ZhCn).status(ItemStatus::Overdue),
            "已逾期"
        );
        assert_eq!(
            Strings::new(Lang::En).kind(UnitKind::Soe),
            "State-owned enterprise"
        );
    }

    #[test]
    fn percentages() {
        assert_eq!(percent(Some(0.64)), "64.0%");
        assert_eq!(percent(Some(0.9375)), "93.8%");
        assert_eq!(percent(None), "—");
        assert_eq!(bar_width(Some(1.3)), 100);
    }
}
