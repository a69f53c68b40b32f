#!/usr/bin/env python3
"""Generates data/bench/messages.txt, the benchmark corpus (one message a line).

The fragments below are hand-written for this crate; messages are assembled from them
with a fixed seed, so the corpus is the same on every run:
  * ~60% short chats of 5-40 characters (a chat opener, a complaint or a thank-you,
    sometimes emoji, an order number or Traditional characters);
  * ~40% long reviews of 100-600 characters (several review sentences joined).
The corpus is for timing only: it carries no labels and is not used for training or
evaluation.

Usage: python3 scripts/gen_bench_corpus.py [--out data/bench/messages.txt]
"""
import argparse
import random

SEED = 20241122
SHORT_COUNT = 1650
LONG_COUNT = 1100

CHAT_OPENERS = ["你好", "在吗", "亲", "客服", "您好", "喂", "请问", "麻烦问下", "哈喽", "小姐姐"]
CHAT_BODIES = [
    "我的快递怎么还没到", "订单显示已签收但我没收到", "什么时候发货", "能不能快点发货",
    "东西收到了，很满意", "谢谢你们的耐心解答", "太慢了吧", "急死了，明天就要用",
    "怎么又延迟了", "退款什么时候到账", "发票怎么开", "这个尺码偏大吗", "质量太差了",
    "包装破了，里面也坏了", "客服态度真好", "我要投诉", "还没处理吗", "给个说法",
    "好评", "差评", "一般般吧", "收到了", "可以换货吗", "颜色和图片不一样",
    "味道怪怪的", "孩子很喜欢", "物流超快，点赞", "等了一个星期了", "你们是不是不想干了",
    "我很失望", "谢谢亲", "没想到这么好用", "居然是坏的", "有点小贵", "电话一直打不通",
    "为什么扣我钱", "能便宜点吗", "地址写错了能改吗", "怎么联系骑手", "外卖洒了一半",
    "菜都凉了", "下次还会再来", "真的服了", "无语", "心累", "好开心", "吓死我了",
    "不满意", "还行吧", "说好的赠品呢", "已经第三次了", "呵呵，真是好服务",
    "麻烦帮我查一下", "算了不要了", "太感谢了", "这也叫正品？", "难道不用负责吗",
    "我等不及了", "心情很差", "没有想象中好", "非常好用", "有点失望", "超级喜欢",
]
CHAT_TAILS = ["", "", "", "！", "！！", "！！！", "？", "？？", "。", "…", "~", "😡", "👍",
              "😭", "🙏", "[怒]", "[微笑]", "T_T", "哈哈", "谢谢", "急急急"]
TRADITIONAL = ["謝謝", "不滿意", "快遞還沒到", "質量很好", "態度太差了", "請問發貨了嗎",
               "非常滿意", "退貨怎麼辦理"]
ORDER_PREFIX = ["订单号", "单号", "运单", "手机号"]

REVIEW_SENTENCES = [
    "快递三天就到了，比预想的快很多，包装也很严实，没有任何磕碰",
    "衣服的面料摸起来很舒服，做工也还可以，就是线头有点多",
    "颜色跟图片上差得有点远，实物偏暗，不太喜欢",
    "客服回复很及时，问题解释得很清楚，给五星",
    "等了整整一个星期才发货，问客服一直说在催，体验非常差",
    "味道很正宗，分量也足，一家人吃得很开心",
    "收到的时候外包装已经破了，里面的杯子碎了两个，真的很生气",
    "价格比实体店便宜不少，性价比很高，推荐购买",
    "用了两天就坏了，联系售后也没人管，再也不会买了",
    "安装师傅很专业，准时上门，还帮忙把旧的拆了，非常感谢",
    "说明书写得很模糊，研究了半天才弄明白怎么用",
    "声音有点大，晚上开着会影响睡觉，其他方面还行",
    "第一次在这家买，没想到质量这么好，超出预期",
    "尺码偏小，建议大家买大一号，我已经申请换货了",
    "物流信息好几天都不更新，打电话也没人接，真着急",
    "房间干净整洁，前台服务热情，早餐种类也挺多",
    "外卖送到的时候汤全洒了，骑手态度还很差",
    "电池续航一般，重度使用一天要充两次电",
    "屏幕显示效果很好，色彩鲜艳，看视频很舒服",
    "说好的赠品没有送，问了客服说活动已经结束了，感觉被骗了",
    "孩子特别喜欢这个玩具，每天都抱着睡觉",
    "做工粗糙，边角还有毛刺，差点划伤手",
    "这个价格能买到这样的品质，已经很满意了",
    "退款申请提交了十天还没处理，到底要等到什么时候",
    "整体还不错，就是发货速度有点慢",
    "老人用起来很方便，字体大，操作也简单",
    "鞋子穿了一个月开胶了，质量真的不行",
    "味道有点咸，下次希望能少放点盐",
    "包装很精美，送人很有面子，朋友也说好",
    "和描述完全不符，商家还不承认，太让人失望了",
    "已经是第二次回购了，一如既往的好",
    "口感一般，没有宣传的那么好吃",
    "充电器发热很严重，有点担心安全问题",
    "快递员直接放在门口也不打招呼，差点丢了",
    "售后处理得很快，第二天就寄来了新的，点赞",
    "衣服洗了一次就缩水了，颜色也掉得厉害",
    "房间隔音太差，隔壁说话听得一清二楚，一晚上没睡好",
    "音质清晰，低音很足，降噪效果也不错",
    "我已经打了五次电话，每次都说会有人联系我，结果一直没有消息",
    "不得不说这次的体验真的很棒，下次还会再来",
    "订单号SF1234567890一直显示运输中，麻烦尽快处理",
    "真是“好”服务啊，等了两个小时饭都凉了",
    "本来挺期待的，但是收到后发现是二手的，上面还有划痕",
    "非常非常满意，老板人也很好，还送了小礼物",
    "宝贝收到了，跟图片一样，没有色差，很喜欢",
    "价格涨了一倍，质量却不如以前，有点失望",
    "客服一直用模板回复，根本不解决问题，气死我了",
    "物流很给力，隔天就到，水果也都很新鲜",
    "有一个坏果，联系客服马上就补发了，服务很贴心",
    "面膜用完脸上起了小红疹，不知道是不是过敏",
    "這次購物體驗非常好，質量也沒問題，謝謝老闆",
    "APP老是闪退，登录不上，耽误了好多事情",
    "会员续费后权益没到账，找了三次客服都说在核实",
    "网速很稳定，打游戏也不卡，装宽带的师傅很细心",
    "车子保养完之后异响反而更大了，很无语",
    "课程内容很实用，老师讲得也清楚，收获很大",
    "机票改签手续费太高了，而且退款流程特别复杂",
    "酒店位置很好，离地铁站只有几分钟，出行方便",
    "电话13800138000打不通，留言也没人回",
    "收到就是坏的!!!根本开不了机!!!",
]
REVIEW_CONNECTORS = ["，", "。", "！", "；", "。", "，另外", "。不过", "。还有", "，而且", "。总之"]
REVIEW_ENDINGS = ["", "。", "！", "！！", "。谢谢", "。给个好评", "。差评", "…", "👍", "😡", "😭"]


def short_message(rng):
    parts = []
    if rng.random() < 0.35:
        parts.append(rng.choice(CHAT_OPENERS) + rng.choice(["，", " ", "", "!"]))
    if rng.random() < 0.08:
        parts.append(rng.choice(TRADITIONAL))
    else:
        parts.append(rng.choice(CHAT_BODIES))
    if rng.random() < 0.3:
        parts.append("，" + rng.choice(CHAT_BODIES))
    if rng.random() < 0.06:
        parts.append("，" + rng.choice(ORDER_PREFIX) + str(rng.randrange(10**7, 10**11)))
    parts.append(rng.choice(CHAT_TAILS))
    text = "".join(parts)
    while len(text) < 5:
        text += rng.choice(CHAT_TAILS[3:])
    return text[:40]


def long_message(rng):
    # Lengths skew short, as real reviews do: most 100-300, a tail up to 600.
    target = int(100 + 500 * rng.random() ** 2)
    text = rng.choice(REVIEW_SENTENCES)
    while len(text) < target:
        text += rng.choice(REVIEW_CONNECTORS) + rng.choice(REVIEW_SENTENCES)
    text = text[:target].rstrip("，。；！")
    return (text + rng.choice(REVIEW_ENDINGS))[:600]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="data/bench/messages.txt")
    args = ap.parse_args()
    rng = random.Random(SEED)
    messages = [short_message(rng) for _ in range(SHORT_COUNT)]
    messages += [long_message(rng) for _ in range(LONG_COUNT)]
    rng.shuffle(messages)
    with open(args.out, "w", encoding="utf-8") as f:
        for m in messages:
            f.write(m + "\n")


if __name__ == "__main__":
    main()
