"""Chinese and Korean subtitle lines that need breaking, written for these tests.

The subject is the film's: North Korean refugees fleeing through China along
an underground railroad. No line is attributed to a real person. Each
sentence pattern was written by hand; places and numbers are filled in from
the hand-written lists below, which gives a few hundred distinct lines per
script, every one wider than a 16-character subtitle line.

``NO_SPLIT_*`` are the hand-checked words a line may never be broken inside:
the independent judgement the breaker is measured against.
"""

from __future__ import annotations

from itertools import product

HANT_PLACES = ["瀋陽", "延吉", "丹東", "昆明", "北京", "青島", "長春", "大連", "南寧", "龍井"]
HANS_PLACES = ["沈阳", "延吉", "丹东", "昆明", "北京", "青岛", "长春", "大连", "南宁", "龙井"]
COUNTS = ["3", "12", "250,000", "1,200"]
DISTANCES = ["3.5", "12", "1,200", "40"]

HANT_PATTERNS = [
    "那年冬天有{n}個脫北者在{p}等待下一位嚮導",
    "嚮導說從{p}到邊境還要走{d}公里的山路",
    "他們躲在{p}的安全屋裡整整{n}天不敢出門",
    "傳教士把收音機藏在米袋裡，帶著它離開{p}",
    "我們在{p}換了三次巴士，才甩掉跟蹤的公安",
    "據估計，藏身中國的北韓難民多達{n}人",
    "火車離開{p}之後，我們還要再走{d}公里",
    "母親在{p}的市場裡賣了最後一件冬衣",
    "為了躲避警察的盤查，他們在{p}住進了教會",
    "她的妹妹在{p}被抓走了，從此再也沒有消息",
    "從{p}出發的卡車在夜裡開了{d}公里才停下",
    "只要到了大使館，他們就能申請去南韓的簽證",
    "在{p}的地下教會裡，{n}個孩子學會了唱歌",
    "他們從{p}坐了{n}個小時的火車才到達昆明",
    "穿過湄公河之前，嚮導要每人再付{n}元人民幣",
    "到了{p}以後，我們在一間廢棄的倉庫躲了{n}天",
]
HANS_PATTERNS = [
    "那年冬天有{n}个脱北者在{p}等待下一位向导",
    "向导说从{p}到边境还要走{d}公里的山路",
    "他们躲在{p}的安全屋里整整{n}天不敢出门",
    "传教士把收音机藏在米袋里，带着它离开{p}",
    "我们在{p}换了三次大巴，才甩掉跟踪的公安",
    "据估计，藏身中国的朝鲜难民多达{n}人",
    "火车离开{p}之后，我们还要再走{d}公里",
    "母亲在{p}的市场里卖了最后一件冬衣",
    "为了躲避警察的盘查，他们在{p}住进了教会",
    "她的妹妹在{p}被抓走了，从此再也没有消息",
    "从{p}出发的卡车在夜里开了{d}公里才停下",
    "只要到了大使馆，他们就能申请去韩国的签证",
    "在{p}的地下教会里，{n}个孩子学会了唱歌",
    "他们从{p}坐了{n}个小时的火车才到达昆明",
    "穿过湄公河之前，向导要每人再付{n}元人民币",
    "到了{p}以后，我们在一间废弃的仓库躲了{n}天",
]
NO_SPLIT_HANT = [
    *HANT_PLACES,
    "冬天",
    "脫北者",
    "等待",
    "嚮導",
    "邊境",
    "公里",
    "山路",
    "安全屋",
    "傳教士",
    "收音機",
    "米袋",
    "巴士",
    "跟蹤",
    "公安",
    "估計",
    "藏身",
    "中國",
    "北韓",
    "難民",
    "火車",
    "之後",
    "母親",
    "市場",
    "最後",
    "冬衣",
    "躲避",
    "警察",
    "盤查",
    "教會",
    "妹妹",
    "消息",
    "出發",
    "卡車",
    "夜裡",
    "大使館",
    "申請",
    "南韓",
    "簽證",
    "教會",
    "孩子",
    "唱歌",
    "小時",
    "到達",
    "昆明",
    "穿過",
    "湄公河",
    "之前",
    "人民幣",
    "以後",
    "廢棄",
    "倉庫",
]
NO_SPLIT_HANS = [
    *HANS_PLACES,
    "冬天",
    "脱北者",
    "等待",
    "向导",
    "边境",
    "公里",
    "山路",
    "安全屋",
    "传教士",
    "收音机",
    "米袋",
    "大巴",
    "跟踪",
    "公安",
    "估计",
    "藏身",
    "中国",
    "朝鲜",
    "难民",
    "火车",
    "之后",
    "母亲",
    "市场",
    "最后",
    "冬衣",
    "躲避",
    "警察",
    "盘查",
    "教会",
    "妹妹",
    "消息",
    "出发",
    "卡车",
    "夜里",
    "大使馆",
    "申请",
    "韩国",
    "签证",
    "教会",
    "孩子",
    "唱歌",
    "小时",
    "到达",
    "昆明",
    "穿过",
    "湄公河",
    "之前",
    "人民币",
    "以后",
    "废弃",
    "仓库",
]

KO_PATTERNS = [
    "그해 겨울 {n}명의 탈북자가 {p}에서 다음 안내인을 기다렸다",
    "안내인은 {p}에서 국경까지 산길로 {d}킬로미터를 더 가야 한다고 했다",
    "그들은 {p}의 은신처에서 꼬박 {n}일 동안 밖에 나가지 못했다",
    "선교사는 라디오를 쌀자루에 숨겨 {p}를 떠났다",
    "어머니는 {p} 시장에서 마지막 겨울옷을 팔았다",
    "기차가 {p}를 떠난 뒤에도 우리는 {d}킬로미터를 더 걸어야 했다",
]
KO_PLACES = ["선양", "옌지", "단둥", "쿤밍", "베이징", "칭다오", "창춘", "다롄", "난닝", "룽징"]


def _fill(patterns: list[str], places: list[str]) -> list[str]:
    lines: list[str] = []
    for pattern, place, count, distance in product(patterns, places, COUNTS, DISTANCES):
        line = pattern.format(p=place, n=count, d=distance)
        if line not in lines:
            lines.append(line)
    return lines


HANT_LINES = _fill(HANT_PATTERNS, HANT_PLACES)
HANS_LINES = _fill(HANS_PATTERNS, HANS_PLACES)
KO_LINES = _fill(KO_PATTERNS, KO_PLACES)
