# T6-gen-reports.awk: writes small invented reports for the reliability
# tests (T620, T630): dir/gNN/rNNNNN.txt for n = first..last, each with a
# department and region, a year, a type, a few sentences from a pool, a
# score and a grade, and the marker words jxall (in every report) and
# jxm<n> (in report n only). Deterministic for a given seed.
# Usage: awk -v dir=D -v first=N -v last=M -v seed=S -f T6-gen-reports.awk
BEGIN {
    srand(seed)
    nd = split("财政局 教育局 卫生健康局 农业农村局 水利局 交通运输局 民政局 商务局 自然资源局 文化广电旅游局", dept, " ")
    nr = split("湖南省株洲市芦淞区 四川省绵阳市游仙区 江西省南昌市西湖区 福建省三明市三元区 广东省佛山市南海区 河北省保定市莲池区", reg, " ")
    ns = split("项目预算执行率达到百分之九十以上。|受益群众满意度调查结果较好。|受疫情影响部分工作进度滞后。|资金使用效益有待进一步提高。|绩效目标设定不够细化量化。|加强项目全过程预算绩效管理。|新冠肺炎防控物资采购及时到位。|农村人居环境整治取得明显成效。|学校校舍维修改造工程按期完工。|水利设施运行维护资金拨付及时。|政府采购程序规范合法合规。|部分指标未能完成年度计划。", sent, "|")
    split("优 良 中 差", grade, " ")
    for (n = first; n <= last; n++) {
        sub_dir = sprintf("%s/g%02d", dir, n % 16)
        if (!(sub_dir in made)) {
            system("mkdir -p '" sub_dir "'")
            made[sub_dir] = 1
        }
        f = sprintf("%s/r%05d.txt", sub_dir, n)
        k = 2 + int(rand() * 4)
        print reg[1 + int(rand() * nr)] dept[1 + int(rand() * nd)] > f
        print 2019 + int(rand() * 6) "年" (rand() < 0.5 ? "项目支出" : "部门整体支出") "绩效自评报告\n" > f
        line = ""
        for (i = 0; i < k; i++) line = line sent[1 + int(rand() * ns)]
        print "一、基本情况\n" line "本报告编号第" n "号，标记 jxall jxm" n "。\n" > f
        line = ""
        for (i = 0; i < k; i++) line = line sent[1 + int(rand() * ns)]
        print "二、存在问题\n" line "\n" > f
        print "三、自评结论\n本项目自评得分" 60 + int(rand() * 40) "分，绩效等级评定为" grade[1 + int(rand() * 4)] "。" > f
        close(f)
    }
}
