# T262-gen-long.awk: writes invented reports of realistic length for the
# query limits test (T262): dir/gNN/rNNNNN.txt for n = first..last, each
# a title, and sections of paragraphs made of sentences from a pool, in
# which common characters (的 和 了 是) recur as in real reports; about
# paras paragraphs a report (default 40). Deterministic for a given seed.
# Usage: awk -v dir=D -v first=N -v last=M -v seed=S [-v paras=P] -f T262-gen-long.awk
BEGIN {
    srand(seed)
    if (!paras) paras = 40
    nd = split("财政局 教育局 卫生健康局 农业农村局 水利局 交通运输局 民政局 商务局", dept, " ")
    nr = split("湖南省株洲市芦淞区 四川省绵阳市游仙区 江西省南昌市西湖区 福建省三明市三元区", reg, " ")
    ns = split("项目的预算执行率达到了百分之九十以上。|受益群众的满意度调查结果是较好的。|受疫情影响，部分工作的进度滞后了。|资金使用的效益和管理水平有待进一步提高。|绩效目标的设定不够细化和量化。|要加强项目全过程的预算绩效管理。|防控物资的采购是及时到位的。|农村人居环境的整治取得了明显的成效。|学校校舍的维修改造工程按期完工了。|水利设施运行和维护的资金拨付是及时的。|政府采购的程序规范合法合规。|部分指标未能完成年度的计划。|单位的内部控制制度和财务管理制度是健全的。|下一步将继续做好资金的监管和绩效的评价工作。", sent, "|")
    nh = split("基本情况 绩效目标 预算执行情况 绩效指标完成情况 存在的问题 整改措施 自评结论", head, " ")
    for (n = first; n <= last; n++) {
        sub_dir = sprintf("%s/g%02d", dir, n % 16)
        if (!(sub_dir in made)) {
            system("mkdir -p '" sub_dir "'")
            made[sub_dir] = 1
        }
        f = sprintf("%s/r%05d.txt", sub_dir, n)
        print reg[1 + int(rand() * nr)] dept[1 + int(rand() * nd)] > f
        print 2019 + int(rand() * 5) "年项目支出绩效自评报告\n" > f
        for (p = 0; p < paras; p++) {
            if (p % 6 == 0)
                print "\n" (p / 6 + 1) "、" head[1 + int(p / 6) % nh] > f
            line = ""
            k = 1 + int(rand() * 3)
            for (i = 0; i < k; i++) line = line sent[1 + int(rand() * ns)]
            if (p == 0) line = line "本报告编号第" n "号，标记 jxall jxm" n "。"
            print line > f
        }
        close(f)
    }
}
