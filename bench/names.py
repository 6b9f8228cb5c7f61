"""Made-up but plausible names for synthetic regions and parties, in Chinese and English.

Region names are two characters drawn from those Yunnan place names use, so search and
lookups see text shaped like the real thing; English names are their pinyin. Party names
follow the article's anonymised style (张某, 李某某).
"""

from __future__ import annotations

import random
from collections.abc import Iterator

#: Characters common in county names, with their pinyin.
PLACE_CHARACTERS = {
    "安": "an",
    "宁": "ning",
    "富": "fu",
    "民": "min",
    "石": "shi",
    "林": "lin",
    "嵩": "song",
    "明": "ming",
    "宜": "yi",
    "良": "liang",
    "永": "yong",
    "平": "ping",
    "华": "hua",
    "德": "de",
    "源": "yuan",
    "江": "jiang",
    "川": "chuan",
    "山": "shan",
    "河": "he",
    "云": "yun",
    "龙": "long",
    "泉": "quan",
    "峰": "feng",
    "溪": "xi",
    "水": "shui",
    "阳": "yang",
    "新": "xin",
    "兴": "xing",
    "盛": "sheng",
    "丰": "feng",
    "景": "jing",
    "东": "dong",
    "南": "nan",
    "北": "bei",
    "绥": "sui",
    "泽": "ze",
    "禄": "lu",
    "元": "yuan",
    "双": "shuang",
    "沙": "sha",
}

SURNAMES = {
    "张": "Zhang",
    "王": "Wang",
    "李": "Li",
    "赵": "Zhao",
    "刘": "Liu",
    "陈": "Chen",
    "杨": "Yang",
    "黄": "Huang",
    "周": "Zhou",
    "吴": "Wu",
    "徐": "Xu",
    "孙": "Sun",
    "马": "Ma",
    "朱": "Zhu",
    "胡": "Hu",
    "郭": "Guo",
    "何": "He",
    "罗": "Luo",
    "高": "Gao",
    "段": "Duan",
}
_SURNAME_KEYS = tuple(SURNAMES)

#: What an organization involved in a case does, for names like 安宁某网络科技有限公司.
TRADES = {
    "网络科技": "Network Technology",
    "信息咨询": "Information Consulting",
    "网吧": "Internet Cafe",
    "数据服务": "Data Services",
    "电子商务": "E-commerce",
}


def place_names(rng: random.Random, taken: set[str]) -> Iterator[tuple[str, str]]:
    """Endless (Chinese, English) two-character names, none of them in `taken` (which grows)."""
    characters = list(PLACE_CHARACTERS)
    while True:
        first, second = rng.sample(characters, 2)
        name = first + second
        if name in taken:
            continue
        taken.add(name)
        yield name, (PLACE_CHARACTERS[first] + PLACE_CHARACTERS[second]).capitalize()


def person(rng: random.Random) -> tuple[str, str]:
    """An anonymised person as the article writes one: 张某 (Zhang Mou) or 张某某 (Zhang Moumou)."""
    surname = rng.choice(_SURNAME_KEYS)
    if rng.random() < 0.5:
        return f"{surname}某", f"{SURNAMES[surname]} Mou"
    return f"{surname}某某", f"{SURNAMES[surname]} Moumou"


def organization(rng: random.Random, place: str, place_en: str) -> tuple[str, str]:
    trade = rng.choice(list(TRADES))
    return f"{place}某{trade}有限公司", f"a {place_en} {TRADES[trade]} company"
