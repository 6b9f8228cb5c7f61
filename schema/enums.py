"""The contract's enums, each value described in English with the article's Chinese term.

Their values are the codes the database stores (catalog codes, region and party kinds);
tests check that every code in the database has its enum value and the reverse.
"""

from __future__ import annotations

from enum import Enum

import strawberry
from strawberry import enum_value


@strawberry.enum(description="The administrative level of a region.")
class RegionKind(Enum):
    PROVINCE = enum_value("PROVINCE", description="Province-level division (省): 云南.")
    PREFECTURE = enum_value(
        "PREFECTURE", description="Prefecture-level city or autonomous prefecture (地级市 / 自治州): 昆明, 大理."
    )
    COUNTY = enum_value("COUNTY", description="County-level division (县级 / 市辖区): 思茅区.")
    FOREIGN = enum_value("FOREIGN", description="A foreign country the article names: 日本.")


@strawberry.enum(
    description="Offense category: one for each of the article's first eight sections; VICE has three subcategories."
)
class CategoryCode(Enum):
    RUMOR = enum_value("RUMOR", description="Online rumors (网络谣言).")
    HACKING = enum_value("HACKING", description="Hacking attacks and sabotage (黑客攻击破坏).")
    PERSONAL_INFO = enum_value(
        "PERSONAL_INFO", description="Infringing on citizens' personal information (侵犯公民个人信息)."
    )
    EXAM_CHEATING = enum_value("EXAM_CHEATING", description="Organizing exam cheating online (网上组织考试作弊).")
    FIREARMS = enum_value(
        "FIREARMS",
        description="Online offenses involving firearms and explosives (网络涉枪涉爆; section 打击网络贩枪).",
    )
    FRAUD = enum_value("FRAUD", description="Online fraud (网络诈骗).")
    VICE = enum_value(
        "VICE", description="Online pornography, gambling and drugs (网络黄赌毒); parent of the next three."
    )
    PORNOGRAPHY = enum_value(
        "PORNOGRAPHY", description="Online obscenity and pornography (网络淫秽色情); part of VICE."
    )
    GAMBLING = enum_value("GAMBLING", description="Online gambling (网络赌博); part of VICE.")
    DRUGS = enum_value("DRUGS", description="Drug-related offenses (涉毒); part of VICE.")
    SERVICE_PROVIDERS = enum_value(
        "SERVICE_PROVIDERS",
        description="Internet service organizations breaking laws and regulations (违法违规互联网服务单位).",
    )


@strawberry.enum(description="A named police operation.")
class OperationCode(Enum):
    JINGWANG = enum_value("JINGWANG", description='The "Clean Net" series of special operations (“净网”系列专项行动).')
    JINGWANG_2018 = enum_value(
        "JINGWANG_2018", description='"Clean Net 2018" (“净网2018”), filed under the series its name takes.'
    )
    QINGYUAN = enum_value(
        "QINGYUAN",
        description='"Operation Clear Source" against online fraud based outside China (打击境外网络诈骗“清源行动”).',
    )


@strawberry.enum(description="What was done to a person, a company or a thing.")
class PenaltyCode(Enum):
    ARREST = enum_value("ARREST", description="Arrest (抓获).")
    CRIMINAL_DETENTION = enum_value("CRIMINAL_DETENTION", description="Criminal detention (刑事拘留, 刑拘).")
    ADMINISTRATIVE_DETENTION = enum_value(
        "ADMINISTRATIVE_DETENTION", description="Administrative detention (行政拘留)."
    )
    ADMONITION = enum_value("ADMONITION", description="Education and admonition (教育训诫).")
    FINE = enum_value("FINE", description="Fine (罚款 / 行政罚款).")
    WARNING = enum_value("WARNING", description="Warning (警告).")
    RECTIFICATION = enum_value("RECTIFICATION", description="Summons for talks and rectification (约谈整改).")
    SUSPENSION = enum_value("SUSPENSION", description="Shutdown for rectification (停机整顿).")
    DISCONNECTION = enum_value("DISCONNECTION", description="Disconnection from the internet (停止联网).")
    ADMINISTRATIVE_PENALTY = enum_value(
        "ADMINISTRATIVE_PENALTY", description="Administrative penalty of a kind the article does not state (行政处罚)."
    )
    SEIZURE = enum_value(
        "SEIZURE",
        description="Seizure of things (查获), as a case outcome; statistics of seized items (收缴, 缴获) have no "
        "penalty: filter them by their metric.",
    )


@strawberry.enum(description="What a statistic counts or measures.")
class Metric(Enum):
    CASES_SOLVED = enum_value("CASES_SOLVED", description="Cases solved (破获 / 侦破 / 查破案件).")
    SUSPECTS_ARRESTED = enum_value(
        "SUSPECTS_ARRESTED", description="Suspects arrested (抓获嫌疑人: 抓获犯罪嫌疑人, 抓获违法犯罪嫌疑人)."
    )
    PERSONS_IDENTIFIED = enum_value("PERSONS_IDENTIFIED", description="People identified (查明人员).")
    PERSONS_PENALIZED = enum_value(
        "PERSONS_PENALIZED",
        description="People detained or admonished (拘留、训诫人员); the statistic's penalty says which "
        "(刑事拘留4人, 行政拘留57人, 教育训诫88人).",
    )
    INSIDERS_UNCOVERED = enum_value("INSIDERS_UNCOVERED", description='Insider "moles" uncovered (深挖“内鬼”).')
    HARMFUL_INFO_VERIFIED = enum_value(
        "HARMFUL_INFO_VERIFIED", description="Items of illegal and harmful information verified (查证违法有害信息)."
    )
    HARMFUL_INFO_REMOVED = enum_value(
        "HARMFUL_INFO_REMOVED",
        description="Items of illegal and harmful information cleaned up (清理违法有害信息); see ILLEGAL_INFO_REMOVED.",
    )
    ILLEGAL_INFO_REMOVED = enum_value(
        "ILLEGAL_INFO_REMOVED",
        description="Items of illegal information cleaned up (清理违法信息), where the article does not say harmful.",
    )
    CHEATERS_CAUGHT = enum_value("CHEATERS_CAUGHT", description="Cheaters caught (查获作弊人员).")
    DEVICES_SEIZED = enum_value("DEVICES_SEIZED", description="Cheating devices seized (收缴作弊器材).")
    WEBSITES_INSPECTED = enum_value(
        "WEBSITES_INSPECTED", description="Websites inspected and rectified (检查整顿网站)."
    )
    FIREARMS_SEIZED = enum_value("FIREARMS_SEIZED", description="Firearms seized (收缴枪支).")
    AMMUNITION_SEIZED = enum_value("AMMUNITION_SEIZED", description="Rounds of ammunition seized (收缴弹药).")
    PERSONS_DISSUADED = enum_value("PERSONS_DISSUADED", description="Members of the public dissuaded (劝阻群众).")
    LOSSES_RECOVERED = enum_value("LOSSES_RECOVERED", description="Economic losses recovered (挽回经济损失).")
    FUNDS_SEIZED = enum_value(
        "FUNDS_SEIZED",
        description="Funds seized (收缴资金), in the article's words: 查扣追缴资金 (seized or recovered), "
        "收缴赌资 (gambling money), 缴获…毒资 (drug money).",
    )
    DENS_DESTROYED = enum_value("DENS_DESTROYED", description="Dens dismantled (捣毁窝点).")
    CASINOS_DESTROYED = enum_value("CASINOS_DESTROYED", description="Gambling dens dismantled (捣毁赌场).")
    DRUGS_SEIZED = enum_value("DRUGS_SEIZED", description="Drugs seized (缴获毒品).")
    SANCTIONS_IMPOSED = enum_value(
        "SANCTIONS_IMPOSED",
        description="Actions taken against internet enterprises, networked organizations and key websites "
        "(予以约谈整改、警告、罚款、停机整顿、停止联网等): summonses for talks and rectification, warnings, fines, "
        "shutdowns for rectification, disconnections from the internet and others.",
    )


@strawberry.enum(description="Who a party to a case is.")
class PartyKind(Enum):
    PERSON = enum_value("PERSON", description="One person, named as the article names them (刘某某).")
    ORGANIZATION = enum_value("ORGANIZATION", description="A company or other organization (某某有限公司).")
    GROUP = enum_value("GROUP", description="Several people or bodies named together (相关公司及法人).")


@strawberry.enum(description="A party's part in its case, as the article states it.")
class PartyRole(Enum):
    SUSPECT = enum_value("SUSPECT", description="Called a criminal suspect (犯罪嫌疑人), with no penalty stated.")
    PENALIZED = enum_value(
        "PENALIZED",
        description="Given a penalty the article states: administrative detention, a fine, an administrative "
        "penalty (处以行政拘留, 予以行政罚款, 给予了行政处罚).",
    )
    VICTIM = enum_value("VICTIM", description="Called a victim (受害人).")
    MENTIONED = enum_value(
        "MENTIONED",
        description="Named, but none of the parts above is stated (信而富贷款公司; 董存瑞, the martyr defamed).",
    )


@strawberry.enum(description="A dimension statistics can be grouped by in `statisticSummary`.")
class StatisticDimension(Enum):
    CATEGORY = enum_value("CATEGORY", description="One group per offense category.")
    REGION = enum_value("REGION", description="One group per region (groups are always split by region).")
    METRIC = enum_value("METRIC", description="One group per metric (groups are always split by metric).")
    OPERATION = enum_value("OPERATION", description="One group per operation, statistics without one together.")
    PENALTY = enum_value("PENALTY", description="One group per penalty, statistics without one together.")
    PERIOD = enum_value("PERIOD", description="One group per period (groups are always split by period).")
