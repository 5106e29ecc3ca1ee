/* gen_corpus.c: writes a deterministic synthetic collection of Chinese
 * government performance self-evaluation reports (绩效自评报告) for the
 * benchmark, as plain UTF-8 files in a folder tree like a real collection:
 *   OUT/<region>/<year>/<department>-<kind>.txt
 * The text imitates the genre: titles (sometimes over two lines), headings
 * of every form (一、 （一） 1. （1） ①), budget tables written as text
 * lines, indicator scores, problem and measure sections, and the
 * artefacts of converted documents (page breaks cutting sentences,
 * [bookmark: _Toc...] lines, full-width digits, "2021 年" spaces). Words
 * are drawn from a hand-written vocabulary with Zipf-like frequencies.
 * The same seed and size always give the same files.
 *
 * Usage: gen_corpus --out DIR (--bytes N | --reports N) [--seed S]
 *                   [--vocab FILE]
 * Prints "reports bytes" on stdout when done. --vocab writes the words
 * and phrases of the vocabulary, one per line, for sampling queries. */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---------- random numbers ---------- */

static uint64_t rng_s[4];

/* Advances a splitmix64 state and returns its next output (for seeding). */
static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Rotates x left by k bits. */
static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

/* Returns the next output of the xoshiro256** generator. */
static uint64_t rng_next(void)
{
    uint64_t r = rotl(rng_s[1] * 5, 7) * 9, t = rng_s[1] << 17;
    rng_s[2] ^= rng_s[0];
    rng_s[3] ^= rng_s[1];
    rng_s[1] ^= rng_s[2];
    rng_s[0] ^= rng_s[3];
    rng_s[2] ^= t;
    rng_s[3] = rotl(rng_s[3], 45);
    return r;
}

/* Seeds the generator from one 64-bit number. */
static void rng_seed(uint64_t seed)
{
    for (int i = 0; i < 4; i++) rng_s[i] = splitmix64(&seed);
}

/* Returns a uniform integer in [0, n). */
static unsigned rnd(unsigned n) { return (unsigned)((rng_next() >> 33) % n); }

/* Returns a uniform integer in [lo, hi]. */
static int rrange(int lo, int hi) { return lo + (int)rnd((unsigned)(hi - lo + 1)); }

/* Returns 1 with probability p. */
static int chance(double p) { return (double)(rng_next() >> 11) * 0x1.0p-53 < p; }

/* ---------- output buffer ---------- */

typedef struct {
    char *p;
    size_t len, cap;
} sbuf;

/* Appends n bytes to b, growing it as needed. */
static void sb_addn(sbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->p = realloc(b->p, b->cap);
        if (!b->p) { perror("realloc"); exit(1); }
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

/* Appends a NUL-terminated string to b. */
static void sb_add(sbuf *b, const char *s) { sb_addn(b, s, strlen(s)); }

/* Appends printf-formatted text to b. */
static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0) sb_addn(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Returns the number of UTF-8 characters in the bytes s[0..n). */
static size_t u8_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* ---------- word lists with Zipf-like weights ---------- */

typedef struct {
    const char **w;
    size_t n;
    double *cum; /* cumulative weights, for sampling */
} wlist;

/* Splits a space-separated list into l (entries in order of frequency,
 * most frequent first) and gives entry r the weight 1/(r+1)^s. */
static void wl_init(wlist *l, const char *spec, double s)
{
    char *copy = strdup(spec), *save = NULL;
    size_t cap = 64;
    l->w = malloc(cap * sizeof *l->w);
    l->n = 0;
    for (char *t = strtok_r(copy, " \n", &save); t; t = strtok_r(NULL, " \n", &save)) {
        if (l->n == cap) l->w = realloc(l->w, (cap *= 2) * sizeof *l->w);
        l->w[l->n++] = t;
    }
    l->cum = malloc(l->n * sizeof *l->cum);
    double acc = 0;
    for (size_t r = 0; r < l->n; r++) l->cum[r] = acc += 1.0 / pow((double)r + 1.0, s);
}

/* Draws an entry of l by its weight. */
static const char *wl_pick(const wlist *l)
{
    double u = (double)(rng_next() >> 11) * 0x1.0p-53 * l->cum[l->n - 1];
    size_t lo = 0, hi = l->n - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (l->cum[mid] < u) lo = mid + 1; else hi = mid;
    }
    return l->w[lo];
}

/* Draws an entry of l uniformly. */
static const char *wl_any(const wlist *l) { return l->w[rnd((unsigned)l->n)]; }

/* Genre nouns and noun phrases, roughly by how often reports use them. */
static const char NOUNS[] =
    "资金 项目 绩效目标 预算 工作 单位 部门 管理 预算执行率 资金使用效益 "
    "绩效指标 财政资金 专项资金 项目资金 绩效评价 绩效管理 预算资金 政府采购 制度 "
    "群众 企业 服务 任务 措施 效益 质量 指标 情况 目标 成本 进度 标准 机制 "
    "产出指标 效益指标 满意度指标 成本指标 时效指标 质量指标 数量指标 社会效益 经济效益 "
    "生态效益 可持续影响 服务对象满意度 内部控制 财务管理制度 资产管理 固定资产 "
    "三公经费 公务接待费 公务用车运行维护费 会议费 培训费 差旅费 办公经费 基本支出 "
    "项目支出 人员经费 公用经费 一般公共预算 政府性基金预算 国有资本经营预算 结转结余 "
    "年初预算 调整预算 全年预算数 全年执行数 预算编制 预算管理 绩效监控 绩效自评 "
    "评价结果 整改措施 工作机制 管理办法 实施方案 资金拨付 资金到位率 项目实施进度 "
    "完成率 合格率 覆盖率 达标率 受益群众 脱贫人口 乡村振兴 疫情影响 疫情防控 "
    "基础设施 公共服务 民生保障 营商环境 信息化建设 档案管理 安全生产 环境卫生 "
    "人居环境 农田水利 高标准农田 义务教育 学前教育 职业教育 基本公共卫生服务 "
    "家庭医生签约服务 医疗救助 养老服务 社会救助 就业创业 技能培训 招商引资 市场主体 "
    "消费券 电子商务 乡村旅游 文化惠民工程 全民健身 河长制 污水处理 垃圾分类 森林防火 "
    "地质灾害防治 防汛抗旱 应急物资储备 粮食安全 耕地保护 耕地地力保护补贴 农机购置补贴 "
    "动物防疫 畜禽养殖 水产养殖 农村饮水安全 道路硬化 农村危房改造 老旧小区改造 "
    "保障性住房 公共租赁住房 城市管理 路灯维护 园林绿化 交通运输 农村公路 公交补贴 "
    "数字政府 政务服务 一网通办 放管服改革 审计整改 巡察反馈问题 党风廉政建设 "
    "意识形态工作 党建工作 干部队伍 人才引进 编制人数 在职人员 退休人员 实有人数 "
    "内设机构 主要职责 部门职能 年度工作目标 重点工作任务 考核指标 绩效目标申报表 "
    "评价指标体系 评分标准 自评得分 评价等级 第三方机构 专家评审 现场核查 问卷调查 "
    "满意度调查 台账资料 会计核算 财务报表 决算报告 部门决算 支出进度 资金沉淀 结余资金 "
    "闲置资产 采购程序 招投标 合同管理 验收程序 监督检查 信息公开 预决算公开 "
    "项目库 前期工作 储备项目 资金需求 测算依据 支出标准 定额标准 政策依据 立项依据 "
    "申报程序 审批手续 实施周期 建设内容 建设规模 工程质量 工程进度 竣工验收 "
    "运行维护 设备购置 系统运维 办公设备 车辆购置 房屋维修 物业管理 水电费 "
    "劳务派遣 临聘人员 聘用人员 工资福利支出 商品和服务支出 对个人和家庭的补助 "
    "资本性支出 转移支付 上级补助收入 财政拨款收入 事业收入 其他收入 经营收入 "
    "低保对象 特困人员 残疾人 留守儿童 困难群众 农户 种粮农民 新型农业经营主体 "
    "家庭农场 农民专业合作社 村集体经济 产业发展 特色产业 产业园区 龙头企业 "
    "中小企业 科技创新 高新技术企业 研发投入 知识产权 人才培养 教师队伍 办学条件 "
    "校舍安全 营养改善计划 学生资助 助学金 免费教育 教育质量 医疗服务能力 "
    "基层医疗卫生机构 村卫生室 妇幼保健 疾病预防控制 健康档案 慢性病管理 "
    "预防接种 传染病防控 核酸检测 疫苗接种 隔离点 防疫物资 生态环境保护 "
    "大气污染防治 水污染防治 土壤污染防治 环境监测 碳达峰 节能减排 清洁能源 "
    "文物保护 非物质文化遗产 公共文化服务 图书馆 文化馆 体育场馆 全民阅读 "
    "法治建设 普法宣传 矛盾纠纷 信访维稳 社会治理 网格化管理 平安建设 消防安全 "
    "食品安全 药品安全 特种设备 市场监管 价格监测 质量监督 统计调查 人口普查 "
    "经济普查 档案数字化 电子政务 网络安全 数据共享 信息系统 硬件设施 软件开发 "
    "公益性岗位 职业技能 创业担保贷款 社会保险 养老保险 医疗保险 失业保险 "
    "工伤保险 住房公积金 退役军人 优抚对象 双拥工作 殡葬改革 婚姻登记 "
    "社区建设 志愿服务 妇女儿童 青少年 老年人 防返贫监测 帮扶措施 衔接资金 "
    "易地扶贫搬迁 小额信贷 产业奖补 以工代赈 土地整治 不动产登记 国土空间规划 "
    "自然资源 矿产资源 林业资源 湿地保护 水土保持 水资源管理 河道治理 "
    "水库除险加固 灌区改造 供水工程 排水管网 燃气管道 城市更新 市政设施 "
    "停车设施 充电桩 冷链物流 农产品流通 商贸流通 外贸出口 会展活动 旅游宣传 "
    "景区建设 民宿 夜间经济 品牌建设 标准化建设 规范化建设 示范创建";

/* Modifiers that combine with nouns into more phrases. */
static const char MODS[] =
    "财政 专项 部门 单位 项目 年度 基层 农村 城乡 全区 全市 全县 重点 各项 相关 "
    "上级 本级 中央 省级 市级 县级 区级 社会 公共 基本 日常 长效 综合 整体 民生 "
    "规范化 精细化 标准化 信息化 常态化 预算 绩效 考核 监督 安全 应急 后续 配套";

/* Verbs and verb phrases. */
static const char VERBS[] =
    "加强 完善 落实 推进 提高 规范 建立 健全 开展 组织 实施 完成 保障 确保 强化 "
    "优化 提升 促进 推动 做好 加快 严格执行 认真落实 及时拨付 足额发放 统筹安排 "
    "合理使用 有效防范 扎实推进 持续改善 全面完成 按时完成 积极争取 深入开展 "
    "切实加强 进一步完善 督促 指导 监督 考核 评估 核查 整改 申报 审核 拨付 支付 "
    "采购 验收 公开 报送 编制 调整 细化 量化 分解 跟踪 监控 梳理 汇总 分析 研究 "
    "部署 召开 印发 制定 修订 压减 节约 控制 盘活 清理 收回 统筹 加大 建设 改善 "
    "巩固 拓展 培育 引导 扶持 补助 奖励 宣传 培训 排查 整治 维护 更新 改造 新建 "
    "配备 购置 落地 覆盖 惠及 服务 保持 实现 达到 超过 低于 用于 涉及 承担 负责";

/* Adverbs and similar words that come before verbs. */
static const char ADVS[] =
    "进一步 切实 认真 严格 及时 全面 积极 有效 扎实 不断 持续 逐步 基本 明显 "
    "较好地 圆满 按时 足额 总体上 稳步 大力 深入 着力 统筹 均 已 仍 尚 较为 "
    "主动 依法 合理 充分 集中 全力 共同 分别 逐一 定期";

/* States and judgements, positive first, then the problem words. */
static const char STATES[] =
    "明显 显著 较好 良好 到位 合理 规范 达标 满意 稳定 有序 顺利 及时 充分 "
    "不足 偏低 较高 滞后 不够细化 不够明确 不够完善 不够规范 不到位 有待提高 "
    "薄弱 单一 不均衡 较大 较慢 偏差较大 执行不严 意识不强 缺乏量化 进度缓慢";

/* Openers of sentences and clauses. */
static const char OPENERS[] =
    "同时 此外 另外 一是 二是 三是 四是 总体来看 从评价情况看 经自评 截至年底 "
    "下一步 今后 但是 由于 因此 其中 主要是 目前 全年 本年度 年内 通过 按照 根据 "
    "围绕 针对 结合 对照 依据 为了";

/* Units after numbers. */
static const char UNITS[] =
    "万元 个 人 人次 户 家 所 项 次 元 公里 亩 平方米 台 套 件 场 期 批 份 吨 辆 处";

/* Headings of the first level, and the words of lower ones. */
static const char H1[] =
    "基本情况 绩效目标及完成情况 自评工作开展情况 综合评价结论 绩效目标实现情况 "
    "预算执行情况 存在的问题 改进措施 下一步工作计划 评价结果应用 其他需要说明的情况 "
    "部门整体支出绩效情况 项目绩效目标管理情况 偏离绩效目标的原因和改进措施 "
    "绩效自评结果拟应用和公开情况 主要经验及做法 项目概况 资金投入和使用情况";

static const char H2[] =
    "部门基本情况 项目基本情况 预算执行情况 资金管理情况 项目组织实施情况 产出情况 "
    "效益情况 满意度情况 总体绩效目标 年度绩效目标 绩效目标完成情况 主要职责 "
    "机构情况 人员情况 收支总体情况 三公经费情况说明 政府采购情况 资产管理情况 "
    "自评组织情况 自评结果 存在的主要问题 原因分析 改进方向 具体措施";

/* Unit types of departments, by how often they appear in collections. */
static const char UNIT_TYPES[] =
    "财政局 教育局 卫生健康委员会 农业农村局 商务局 发展和改革委员会 民政局 "
    "人力资源和社会保障局 住房和城乡建设局 交通运输局 水利局 自然资源和规划局 "
    "生态环境局 文化和旅游局 市场监督管理局 应急管理局 司法局 审计局 统计局 林业局 "
    "医疗保障局 退役军人事务局 乡村振兴局 科学技术局 工业和信息化局 城市管理局 "
    "机关事务管理局 信访局 体育局 档案馆 图书馆 疾病预防控制中心 人民医院 "
    "妇幼保健院 第一中学 实验小学 融媒体中心 供销合作社 残疾人联合会 妇女联合会 "
    "总工会 科学技术协会 气象局 粮食和物资储备局 住房公积金管理中心 不动产登记中心 "
    "政务服务中心 农业技术推广中心 动物疫病预防控制中心 水土保持站 现代服务业发展局 "
    "投资促进局 数据资源管理局 公共资源交易中心 园林绿化局 人民政府办公室";

/* Subjects of projects, combined with PROJ_SUFFIX. */
static const char PROJ_TOPICS[] =
    "义务教育 公共卫生 农村饮水安全 高标准农田建设 乡村振兴衔接 疫情防控 "
    "城乡环境综合整治 智慧城市 学生资助 基层医疗卫生机构 养老服务体系 就业补助 "
    "农村公路养护 河道清淤 森林防火 地质灾害防治 文化惠民 全民健身 "
    "城市道路维修 路灯亮化 垃圾分类 污水处理厂运营 农机购置补贴 动物防疫 "
    "残疾人康复 困难群众救助 退役军人优抚 消费扶贫 电商进农村 招商引资 "
    "科技创新 人才引进 档案数字化 政务信息化 网格化管理 平安建设 普法宣传 "
    "食品安全抽检 特种设备检验 人口普查 经济普查 老旧小区改造 公租房维修 "
    "不动产登记 国土空间规划编制 水库除险加固 灌区节水改造 耕地地力保护";

static const char PROJ_SUFFIX[] =
    "专项资金 工作经费 补助资金 建设项目 运行维护费 奖补资金 专项经费 项目经费";

/* Provinces with their cities, each city with its districts and counties:
 * "province:city=district,district;city=...|province:...". */
static const char REGIONS[] =
    "江西省:南昌市=东湖区,西湖区,青山湖区,新建区,南昌县,进贤县;九江市=浔阳区,濂溪区,修水县,都昌县;赣州市=章贡区,南康区,瑞金市,于都县,兴国县|"
    "重庆市:重庆市=璧山区,渝中区,江北区,沙坪坝区,万州区,涪陵区,綦江区,大足区,铜梁区,荣昌区|"
    "四川省:成都市=锦江区,青羊区,武侯区,双流区,郫都区;绵阳市=涪城区,游仙区,江油市;南充市=顺庆区,阆中市,营山县|"
    "湖南省:长沙市=芙蓉区,天心区,岳麓区,望城区,浏阳市;株洲市=荷塘区,芦淞区,醴陵市;衡阳市=雁峰区,蒸湘区,耒阳市|"
    "湖北省:武汉市=江岸区,江汉区,洪山区,黄陂区;宜昌市=西陵区,夷陵区,宜都市;襄阳市=襄城区,樊城区,枣阳市|"
    "广东省:广州市=越秀区,海珠区,天河区,白云区,番禺区;佛山市=禅城区,南海区,顺德区;梅州市=梅江区,兴宁市,五华县|"
    "广西壮族自治区:南宁市=青秀区,兴宁区,西乡塘区,武鸣区;桂林市=秀峰区,象山区,阳朔县;柳州市=城中区,鱼峰区,柳江区|"
    "河南省:郑州市=中原区,金水区,二七区,新郑市;洛阳市=老城区,西工区,偃师区,孟津区;南阳市=宛城区,卧龙区,邓州市|"
    "山东省:济南市=历下区,市中区,槐荫区,章丘区;青岛市=市南区,市北区,黄岛区,即墨区;潍坊市=潍城区,寿光市,青州市|"
    "浙江省:杭州市=上城区,拱墅区,西湖区,萧山区,余杭区;宁波市=海曙区,鄞州区,慈溪市;温州市=鹿城区,瓯海区,乐清市|"
    "安徽省:合肥市=瑶海区,庐阳区,蜀山区,包河区,肥西县;芜湖市=镜湖区,鸠江区,无为市;安庆市=迎江区,桐城市,怀宁县|"
    "福建省:福州市=鼓楼区,台江区,仓山区,闽侯县;泉州市=鲤城区,丰泽区,晋江市,南安市;三明市=三元区,永安市,沙县区|"
    "贵州省:贵阳市=南明区,云岩区,花溪区,观山湖区;遵义市=红花岗区,汇川区,仁怀市;六盘水市=钟山区,盘州市,水城区|"
    "云南省:昆明市=五华区,盘龙区,官渡区,西山区,呈贡区;曲靖市=麒麟区,沾益区,宣威市;大理白族自治州=大理市,祥云县,宾川县|"
    "陕西省:西安市=新城区,碑林区,莲湖区,雁塔区,长安区;宝鸡市=渭滨区,金台区,陈仓区;汉中市=汉台区,南郑区,城固县|"
    "甘肃省:兰州市=城关区,七里河区,西固区,榆中县;天水市=秦州区,麦积区,甘谷县|"
    "河北省:石家庄市=长安区,桥西区,新华区,正定县;保定市=竞秀区,莲池区,涿州市;邯郸市=邯山区,丛台区,武安市|"
    "黑龙江省:哈尔滨市=道里区,南岗区,香坊区,呼兰区;齐齐哈尔市=龙沙区,建华区,讷河市";

/* ---------- regions and departments ---------- */

typedef struct {
    char name[96];  /* region as it appears in text and paths */
    char abbr[16];  /* one-character abbreviation for document numbers */
    int level;      /* 0 province, 1 city, 2 district or county */
} region;

static region *regions;
static size_t n_regions;

/* Copies the first UTF-8 character of s into out (NUL-terminated). */
static void first_char(const char *s, char *out)
{
    size_t n = 1;
    while (s[n] && ((unsigned char)s[n] & 0xC0) == 0x80) n++;
    memcpy(out, s, n);
    out[n] = 0;
}

/* Adds one region to the table. */
static void add_region(const char *name, const char *abbr_from, int level)
{
    regions = realloc(regions, (n_regions + 1) * sizeof *regions);
    region *r = &regions[n_regions++];
    snprintf(r->name, sizeof r->name, "%s", name);
    first_char(abbr_from, r->abbr);
    r->level = level;
}

/* Parses REGIONS into the region table: provinces, cities, and each
 * district under its city ("南昌市西湖区"). */
static void regions_init(void)
{
    char *copy = strdup(REGIONS), *s1 = NULL;
    for (char *prov = strtok_r(copy, "|", &s1); prov; prov = strtok_r(NULL, "|", &s1)) {
        char *colon = strchr(prov, ':');
        *colon = 0;
        add_region(prov, prov, 0);
        char *s2 = NULL;
        for (char *city = strtok_r(colon + 1, ";", &s2); city; city = strtok_r(NULL, ";", &s2)) {
            char *eq = strchr(city, '=');
            *eq = 0;
            if (strcmp(city, prov) != 0) add_region(city, city, 1);
            char *s3 = NULL;
            for (char *d = strtok_r(eq + 1, ",", &s3); d; d = strtok_r(NULL, ",", &s3)) {
                char full[96];
                if (strcmp(city, prov) == 0) snprintf(full, sizeof full, "%s%s", city, d);
                else snprintf(full, sizeof full, "%s%s", city, d);
                add_region(full, d, 2);
            }
        }
    }
}

static wlist nouns, mods, verbs, advs, states, openers, units, h1s, h2s, unit_types, topics, psuffix;

/* ---------- text pieces ---------- */

/* Writes a noun phrase: a noun, sometimes with a modifier or a second
 * noun joined by 和/及/与/的. */
static void noun_phrase(sbuf *b)
{
    if (chance(0.25)) sb_add(b, wl_pick(&mods));
    sb_add(b, wl_pick(&nouns));
    if (chance(0.15)) {
        static const char *joins[] = {"和", "及", "与", "的", "、"};
        sb_add(b, joins[rnd(5)]);
        sb_add(b, wl_pick(&nouns));
    }
}

/* Writes an amount, a rate or a count with its unit. */
static void number_phrase(sbuf *b)
{
    switch (rnd(4)) {
    case 0: sb_printf(b, "%d.%02d万元", rrange(1, 5000), rrange(0, 99)); break;
    case 1: sb_printf(b, "%d.%d%%", rrange(60, 100), rrange(0, 9)); break;
    case 2: sb_printf(b, "%d%s", rrange(1, 2000), wl_pick(&units)); break;
    default: sb_printf(b, "%d%s", rrange(2, 300), wl_pick(&units)); break;
    }
}

/* Writes one clause of a sentence from one of several patterns. */
static void clause(sbuf *b, int year, int negative)
{
    switch (rnd(negative ? 5 : 9)) {
    case 0: /* 加强资金管理 */
        sb_add(b, wl_pick(&verbs));
        noun_phrase(b);
        break;
    case 1: /* 进一步完善绩效目标 */
        sb_add(b, wl_pick(&advs));
        sb_add(b, wl_pick(&verbs));
        noun_phrase(b);
        break;
    case 2: /* 资金使用效益不够明确 */
        noun_phrase(b);
        if (negative) sb_add(b, states.w[10 + rnd((unsigned)states.n - 10)]);
        else sb_add(b, states.w[rnd(14)]);
        break;
    case 3: /* 部分项目绩效目标设置不够细化 */
        sb_add(b, negative ? "部分" : "各项");
        noun_phrase(b);
        sb_add(b, wl_pick(&verbs));
        sb_add(b, negative ? "不够" : "较为");
        sb_add(b, states.w[rnd(14)]);
        break;
    case 4: /* 对绩效指标的跟踪 */
        sb_add(b, chance(0.5) ? "对" : "在");
        noun_phrase(b);
        sb_add(b, chance(0.5) ? "方面" : "的");
        sb_add(b, wl_pick(&verbs));
        break;
    case 5: /* 共完成项目28个 */
        sb_add(b, chance(0.5) ? "共" : "累计");
        sb_add(b, wl_pick(&verbs));
        noun_phrase(b);
        number_phrase(b);
        break;
    case 6: /* 2021年预算执行率达到98.5% */
        sb_printf(b, "%d年", year);
        noun_phrase(b);
        sb_add(b, chance(0.5) ? "为" : "达到");
        number_phrase(b);
        break;
    case 7: /* 按照绩效目标要求 */
        sb_add(b, wl_pick(&openers));
        noun_phrase(b);
        sb_add(b, chance(0.5) ? "要求" : "的规定");
        break;
    default: /* 我局召开了专题会议 */
        sb_add(b, chance(0.5) ? "我局" : "我单位");
        sb_add(b, wl_pick(&verbs));
        sb_add(b, "了");
        noun_phrase(b);
        break;
    }
}

/* Writes one sentence of 15 to 60 characters, ending in 。 */
static void sentence(sbuf *b, int year, int negative)
{
    size_t start = b->len;
    size_t target = (size_t)rrange(15, 60);
    if (chance(0.2)) {
        sb_add(b, wl_pick(&openers));
        sb_add(b, "，");
    }
    for (int i = 0; i < 6; i++) {
        clause(b, year, negative);
        size_t chars = u8_chars(b->p + start, b->len - start);
        if (chars >= target || i == 5) break;
        static const char *seps[] = {"，", "，", "，", "；", "、"};
        sb_add(b, seps[rnd(5)]);
    }
    sb_add(b, "。");
}

/* Writes a paragraph of n sentences, without the newline. */
static void paragraph(sbuf *b, int year, int n, int negative)
{
    for (int i = 0; i < n; i++) sentence(b, year, negative);
}

/* ---------- report ---------- */

static const char *CN_NUM[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
                               "十一", "十二", "十三", "十四", "十五"};
static const char *CIRCLED[] = {"①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩"};

typedef struct {
    const region *reg;
    char dept[192];   /* full name of the unit */
    char kind[192];   /* 部门整体支出 or <project>项目支出 */
    char project[128];
    int year;
    int fullwidth;    /* writes digits full-width in some paragraphs */
    int spaced;       /* writes "2021 年" with a space */
    int bookmarks;    /* has [bookmark: _Toc...] artefacts */
} report_info;

/* Writes a line: text, then the newline. */
static void line_end(sbuf *b) { sb_add(b, "\n"); }

/* Writes a [bookmark: _TocNNN] prefix when the report has bookmarks. */
static void bookmark(sbuf *b, const report_info *ri)
{
    if (!ri->bookmarks || !chance(0.5)) return;
    int n = rrange(1, 3);
    for (int i = 0; i < n; i++) sb_printf(b, "[bookmark: _Toc%d]", rrange(1000, 130999999));
}

/* Writes a heading of the given level (1 一、 2 （一） 3 1. 4 （1） 5 ①). */
static void heading(sbuf *b, const report_info *ri, int level, int k, const char *text)
{
    bookmark(b, ri);
    static const char *dot3[] = {".", "、", "．"};
    switch (level) {
    case 1: sb_printf(b, "%s、%s", CN_NUM[k % 15], text); break;
    case 2: sb_printf(b, "（%s）%s", CN_NUM[k % 15], text); break;
    case 3: sb_printf(b, "%d%s%s", k + 1, dot3[rnd(3)], text); break;
    case 4: sb_printf(b, "（%d）%s", k + 1, text); break;
    default: sb_printf(b, "%s%s", CIRCLED[k % 10], text); break;
    }
    line_end(b);
}

/* Writes the budget table as text lines. */
static void budget_table(sbuf *b, const report_info *ri)
{
    int rows = rrange(2, 8);
    double tb = 0, te = 0;
    sb_add(b, "| 项目 | 预算数 | 执行数 | 执行率 |\n");
    if (chance(0.5)) sb_add(b, "| --- | --- | --- | --- |\n");
    for (int i = 0; i < rows; i++) {
        double bud = rrange(5, 300000) / 100.0;
        double ex = bud * rrange(600, 1000) / 1000.0;
        tb += bud;
        te += ex;
        sb_printf(b, "| %s%s | %.2f | %.2f | %.2f%% |\n", wl_any(&topics), wl_any(&psuffix),
                  bud, ex, 100.0 * ex / bud);
    }
    sb_printf(b, "| 合计 | %.2f | %.2f | %.2f%% |\n", tb, te, 100.0 * te / tb);
    sb_printf(b, "%d年全年预算数%.2f万元，全年执行数%.2f万元，预算执行率%.2f%%。", ri->year, tb, te,
              100.0 * te / tb);
    line_end(b);
}

/* Writes indicator lines with their weights and scores. */
static void indicator_lines(sbuf *b, const report_info *ri, double *total)
{
    static const char *ind[] = {"产出指标", "效益指标", "满意度指标", "成本指标"};
    static const int weight[] = {50, 30, 10, 10};
    double sum = 0;
    int k = 0;
    for (int i = 0; i < 4; i++) {
        if (i == 3 && chance(0.6)) continue;
        double got = weight[i] - rrange(0, weight[i] * 10 / 4) / 10.0;
        sum += got;
        heading(b, ri, 4, k++, ind[i]);
        if (chance(0.5))
            sb_printf(b, "%s（分值%d分），实际得分%g分。", ind[i], weight[i], got);
        else
            sb_printf(b, "该项指标分值%d分，自评得分%g分。", weight[i], got);
        paragraph(b, ri->year, rrange(1, 2), 0);
        line_end(b);
    }
    *total = sum + 10;
}

/* Writes the whole report text into b. */
static void report_text(sbuf *b, const report_info *ri)
{
    int y = ri->year;
    for (int i = rrange(0, 10) - 7; i > 0; i--) line_end(b); /* leading blanks */
    /* title, on one line or two */
    switch (rnd(4)) {
    case 0:
        sb_printf(b, "%s\n%d年度%s绩效自评报告\n", ri->dept, y, ri->kind);
        break;
    case 1:
        sb_printf(b, "%s%d年度%s\n绩效自评报告\n", ri->dept, y, ri->kind);
        break;
    case 2:
        sb_printf(b, "%d年度%s绩效自评总报告\n", y, ri->kind);
        break;
    default:
        sb_printf(b, "%s%d年%s绩效自评报告\n", ri->dept, y, ri->kind);
        break;
    }
    if (chance(0.5)) line_end(b);
    sb_printf(b, "为进一步规范财政资金管理，强化支出责任和绩效理念，按照《%s财政局关于开展%d年度绩效自评工作的通知》（%s财绩〔%d〕%d号）要求，现将%s%d年度%s绩效自评情况报告如下：\n",
              ri->reg->name, y, ri->reg->abbr, y + 1, rrange(1, 40), ri->dept, y, ri->kind);

    int h1 = 0;
    /* 一、基本情况 */
    heading(b, ri, 1, h1++, "基本情况");
    heading(b, ri, 2, 0, ri->project[0] ? "项目基本情况" : "部门基本情况");
    heading(b, ri, 3, 0, "主要职责");
    int duties = rrange(2, 7);
    for (int i = 0; i < duties; i++) {
        heading(b, ri, 4, i, "");
        b->len--; /* the duty goes on the heading's line */
        paragraph(b, y, rrange(1, 2), 0);
        line_end(b);
    }
    heading(b, ri, 3, 1, "人员情况");
    int staff = rrange(5, 300);
    sb_printf(b, "%d年末%s编制人数%d人，实有人数%d人，其中在职人员%d人，退休人员%d人。", y, ri->dept,
              staff, staff - rrange(0, 4), staff - rrange(0, 6), rrange(0, 80));
    paragraph(b, y, rrange(0, 2), 0);
    line_end(b);
    heading(b, ri, 2, 1, "预算执行情况");
    budget_table(b, ri);
    paragraph(b, y, rrange(2, 5), 0);
    line_end(b);

    /* 二、绩效目标及完成情况, with subsections of random depth */
    heading(b, ri, 1, h1++, "绩效目标及完成情况");
    int subs = rrange(2, 5);
    for (int s = 0; s < subs; s++) {
        heading(b, ri, 2, s, wl_any(&h2s));
        int paras = rrange(1, 4);
        for (int p = 0; p < paras; p++) {
            if (chance(0.3)) heading(b, ri, 3, p, wl_pick(&nouns));
            if (chance(0.15)) {
                for (int c = 0, nc = rrange(2, 4); c < nc; c++) {
                    heading(b, ri, 5, c, "");
                    b->len--;
                    paragraph(b, y, 1, 0);
                    line_end(b);
                }
            }
            paragraph(b, y, rrange(1, 6), 0);
            line_end(b);
        }
    }
    /* 三、综合评价结论: score and grade, each sometimes absent */
    heading(b, ri, 1, h1++, chance(0.5) ? "综合评价结论" : "自评结果");
    double score = 0;
    int with_ind = chance(0.6);
    if (with_ind) indicator_lines(b, ri, &score);
    else score = rrange(700, 1000) / 10.0;
    static const char *grades[] = {"优", "良", "中", "差", "优秀", "良好", "合格"};
    const char *grade = score >= 90 ? grades[chance(0.5) ? 0 : 4]
                        : score >= 80 ? grades[chance(0.5) ? 1 : 5]
                        : score >= 60 ? grades[chance(0.5) ? 2 : 6] : grades[3];
    int r = rnd(5);
    if (r == 0) sb_printf(b, "经综合评价，%d年度%s自评得分%g分，评价等级为“%s”。", y, ri->kind, score, grade);
    else if (r == 1) sb_printf(b, "自评得分%g分。", score);
    else if (r == 2) sb_printf(b, "综合评价等级为“%s”。", grade);
    else if (r == 3) sb_printf(b, "本次自评总分为%g分，等级为%s。", score, grade);
    paragraph(b, y, rrange(1, 3), 0);
    line_end(b);

    /* 四、存在的问题 and 五、改进措施 */
    heading(b, ri, 1, h1++, chance(0.5) ? "存在的问题" : "存在的问题及原因分析");
    for (int i = 0, n = rrange(2, 5); i < n; i++) {
        heading(b, ri, 3, i, "");
        b->len--;
        paragraph(b, y, rrange(1, 3), 1);
        line_end(b);
    }
    heading(b, ri, 1, h1++, chance(0.5) ? "改进措施" : "下一步工作计划及改进措施");
    for (int i = 0, n = rrange(2, 5); i < n; i++) {
        heading(b, ri, 2, i, "");
        b->len--;
        paragraph(b, y, rrange(1, 3), 0);
        line_end(b);
    }
    if (chance(0.5)) {
        heading(b, ri, 1, h1++, wl_any(&h1s));
        paragraph(b, y, rrange(1, 3), 0);
        line_end(b);
    }
    line_end(b);
    sb_printf(b, "%s\n%d年%d月%d日\n", ri->dept, y + 1, rrange(1, 6), rrange(1, 28));
}

/* Copies the report text from in to out applying the artefacts: page
 * breaks that cut a paragraph, full-width digits, "2021 年" spaces. */
static void artefacts(const sbuf *in, sbuf *out, const report_info *ri)
{
    const char *p = in->p, *end = in->p + in->len;
    int page = 1;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) nl = end;
        size_t len = (size_t)(nl - p);
        size_t cut = (size_t)-1;
        /* a page break inside this line (not in a table row: converters
         * repeat or keep whole rows there) */
        if (len > 60 && p[0] != '|' && chance(0.04)) {
            cut = 20 + rnd((unsigned)(len - 40));
            while (((unsigned char)p[cut] & 0xC0) == 0x80) cut++;
        }
        int fw = ri->fullwidth && chance(0.4);
        for (size_t i = 0; i < len; i++) {
            if (i == cut) {
                sb_add(out, "\n\n");
                if (chance(0.5)) sb_printf(out, "- %d -\n\n", ++page);
                if (chance(0.3)) sb_add(out, "\n");
            }
            unsigned char c = (unsigned char)p[i];
            if (c >= '0' && c <= '9' && fw) {
                char u[3] = {(char)0xEF, (char)0xBC, (char)(0x90 + c - '0')};
                sb_addn(out, u, 3);
            } else {
                sb_addn(out, (const char *)&p[i], 1);
            }
            /* "2021 年": a space between a digit and the Han character after it */
            if (ri->spaced && c >= '0' && c <= '9' && i + 3 <= len &&
                (unsigned char)p[i + 1] >= 0xE4 && (unsigned char)p[i + 1] <= 0xE9 &&
                chance(0.5))
                sb_add(out, " ");
        }
        if (nl < end) sb_add(out, "\n");
        p = nl + 1;
    }
}

/* Makes the directories of path (everything before its last '/'). */
static void mkdirs(char *path)
{
    for (char *s = path + 1; *s; s++) {
        if (*s != '/') continue;
        *s = 0;
        if (mkdir(path, 0755) != 0 && errno != EEXIST) { perror(path); exit(1); }
        *s = '/';
    }
}

/* ---------- paths already used ---------- */

static uint64_t *used;
static size_t used_cap, used_n;

/* Returns the FNV-1a hash of s. */
static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h | 1;
}

/* Records the hash h; returns 0 if it was already recorded. */
static int used_add(uint64_t h)
{
    if (used_n * 2 >= used_cap) {
        size_t oc = used_cap;
        uint64_t *old = used;
        used_cap = oc ? oc * 2 : 1 << 16;
        used = calloc(used_cap, sizeof *used);
        for (size_t i = 0; i < oc; i++) {
            if (!old[i]) continue;
            size_t j = old[i] & (used_cap - 1);
            while (used[j]) j = (j + 1) & (used_cap - 1);
            used[j] = old[i];
        }
        free(old);
    }
    size_t j = h & (used_cap - 1);
    while (used[j]) {
        if (used[j] == h) return 0;
        j = (j + 1) & (used_cap - 1);
    }
    used[j] = h;
    used_n++;
    return 1;
}

/* Writes every entry of the word lists that hold words people search
 * for, and each modifier+noun compound, one per line, to path. */
static void dump_vocab(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) { perror(path); exit(1); }
    const wlist *ls[] = {&nouns, &verbs, &states, &unit_types, &topics, &psuffix, &h1s, &h2s};
    for (size_t i = 0; i < sizeof ls / sizeof *ls; i++)
        for (size_t j = 0; j < ls[i]->n; j++) fprintf(f, "%s\n", ls[i]->w[j]);
    for (size_t i = 0; i < mods.n; i++)
        for (size_t j = 0; j < 60 && j < nouns.n; j++) fprintf(f, "%s%s\n", mods.w[i], nouns.w[j]);
    fclose(f);
}

/* Parses a size with an optional k/M/G suffix. */
static unsigned long long parse_size(const char *s)
{
    char *e;
    double v = strtod(s, &e);
    if (*e == 'k' || *e == 'K') v *= 1e3;
    else if (*e == 'm' || *e == 'M') v *= 1e6;
    else if (*e == 'g' || *e == 'G') v *= 1e9;
    return (unsigned long long)v;
}

/* Parses the options, then writes reports until the size is reached. */
int main(int argc, char **argv)
{
    const char *out = NULL, *vocab = NULL;
    unsigned long long max_bytes = 0, max_reports = 0, seed = 20240601;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--out") && i + 1 < argc) out = argv[++i];
        else if (!strcmp(argv[i], "--bytes") && i + 1 < argc) max_bytes = parse_size(argv[++i]);
        else if (!strcmp(argv[i], "--reports") && i + 1 < argc) max_reports = parse_size(argv[++i]);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc) seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--vocab") && i + 1 < argc) vocab = argv[++i];
        else {
            fprintf(stderr, "usage: gen_corpus --out DIR (--bytes N | --reports N) [--seed S]\n");
            return 2;
        }
    }
    if (!out || (!max_bytes && !max_reports)) {
        fprintf(stderr, "usage: gen_corpus --out DIR (--bytes N | --reports N) [--seed S]\n");
        return 2;
    }
    if (max_reports > 1000000) max_reports = 1000000;
    rng_seed(seed);
    regions_init();
    wl_init(&nouns, NOUNS, 1.0);
    wl_init(&mods, MODS, 0.8);
    wl_init(&verbs, VERBS, 1.0);
    wl_init(&advs, ADVS, 0.9);
    wl_init(&states, STATES, 0.7);
    wl_init(&openers, OPENERS, 0.8);
    wl_init(&units, UNITS, 1.1);
    wl_init(&h1s, H1, 0.5);
    wl_init(&h2s, H2, 0.5);
    wl_init(&unit_types, UNIT_TYPES, 0.9);
    wl_init(&topics, PROJ_TOPICS, 0.6);
    wl_init(&psuffix, PROJ_SUFFIX, 0.8);
    if (vocab) dump_vocab(vocab);

    sbuf text = {0}, final = {0};
    unsigned long long total = 0, reports = 0;
    char path[1024];
    while (reports < 1000000 && (max_reports ? reports < max_reports : total < max_bytes)) {
        report_info ri;
        memset(&ri, 0, sizeof ri);
        ri.reg = &regions[rnd((unsigned)n_regions)];
        ri.year = rrange(2015, 2025);
        snprintf(ri.dept, sizeof ri.dept, "%s%s", ri.reg->name, wl_pick(&unit_types));
        if (chance(0.55)) {
            snprintf(ri.project, sizeof ri.project, "%s%s", wl_any(&topics), wl_pick(&psuffix));
            snprintf(ri.kind, sizeof ri.kind, "%s项目支出", ri.project);
        } else {
            snprintf(ri.kind, sizeof ri.kind, "部门整体支出");
        }
        ri.fullwidth = chance(0.1);
        ri.spaced = chance(0.15);
        ri.bookmarks = chance(0.3);
        /* the path, unique: a second report of the same name gets （2） */
        int n = snprintf(path, sizeof path, "%s/%s/%d/%s-%s", out, ri.reg->name, ri.year, ri.dept, ri.kind);
        for (int k = 2; !used_add(hash_str(path)); k++)
            snprintf(path + n, sizeof path - (size_t)n, "（%d）", k);
        strcat(path, ".txt");

        text.len = final.len = 0;
        report_text(&text, &ri);
        artefacts(&text, &final, &ri);
        mkdirs(path);
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(final.p, 1, final.len, f) != final.len || fclose(f) != 0) {
            perror(path);
            return 1;
        }
        total += final.len;
        reports++;
    }
    printf("%llu %llu\n", reports, total);
    return 0;
}
