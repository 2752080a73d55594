"""Every user-facing word of the rendering layer, in English and French, in one place.

Phrases are built from the word tables below by small functions that take plain values
(numbers, codes, booleans), never result objects, so that the tables can move into
message catalogues without touching the renderers.
"""

from __future__ import annotations

import math

from adoptstats.errors import SelectionError
from adoptstats.render.numbers import format_number

__all__ = [
    "CAVEAT_LABELS",
    "LANGS",
    "MESSAGES",
    "QUALIFIER_WORDS",
    "VERDICT_EN",
    "caveat_clause",
    "caveat_label",
    "caveat_sentence",
    "catch_up_sentence",
    "check_lang",
    "diff_phrase",
    "estimate_text",
    "ordinal",
    "p_clause",
    "rank_text",
    "say",
    "unit_word",
]

#: Languages the renderers speak.
LANGS: tuple[str, ...] = ("en", "fr")

#: How a qualifier reads before a number.
QUALIFIER_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "approx": "about ",
        "more_than": "more than ",
        "at_least": "at least ",
        "less_than": "less than ",
        "at_most": "at most ",
        "exact": "",
    },
    "fr": {
        "approx": "environ ",
        "more_than": "plus de ",
        "at_least": "au moins ",
        "less_than": "moins de ",
        "at_most": "au plus ",
        "exact": "",
    },
}

#: "The focus is <verdict> <other>" in English.
VERDICT_EN: dict[str, str] = {
    "higher": "higher than",
    "lower": "lower than",
    "indistinguishable": "not significantly different from",
    "undetermined": "not clearly different from",
}


def check_lang(lang: str) -> None:
    """Refuse a language the renderers do not speak."""
    if lang not in LANGS:
        raise SelectionError(f"language {lang!r} is not supported; use 'en' or 'fr'")


def ordinal(n: int, lang: str = "en") -> str:
    """``1st``, ``2nd``, ``11th``; French ``1er``, ``2e``."""
    if lang == "fr":
        return "1er" if n == 1 else f"{n}e"
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def rank_text(rank: int, lower: int, upper: int, n: int, lang: str = "en") -> str:
    """``"3rd of 14 (between 2nd and 5th)"`` or ``"3e sur 14 (entre 2e et 5e)"``."""
    check_lang(lang)
    if lang == "fr":
        base = f"{ordinal(rank, 'fr')} sur {n}"
        return base if lower == upper else f"{base} (entre {ordinal(lower, 'fr')} et {ordinal(upper, 'fr')})"
    base = f"{ordinal(rank)} of {n}"
    return base if lower == upper else f"{base} (between {ordinal(lower)} and {ordinal(upper)})"


def unit_word(unit: str, lang: str, *, short: bool = True) -> str:
    """The unit of a difference: ``pp`` (``points`` in French), ``index points``, or nothing."""
    if unit == "percent":
        return ("pp" if short else "percentage points") if lang == "en" else "points"
    if unit == "index":
        return "index points" if lang == "en" else "points d'indice"
    return ""


def _unit_suffix(unit: str, lang: str) -> str:
    if unit == "percent":
        return " %" if lang == "fr" else "%"
    if unit == "pp":
        return " pp" if lang == "en" else " points"
    return ""


def estimate_text(
    value: float,
    lower: float,
    upper: float,
    qualifier: str,
    decimals: int | None,
    unit: str,
    lang: str = "en",
    *,
    reads_as_about: bool = True,
) -> str:
    """``"27%"``, ``"more than 40%"``, ``"plus de 40 %"``, ``"26-28%"``, ``"index 75"``.

    An ``approx`` figure reads "about X" when ``reads_as_about`` (X stands for exactly its
    interval), else as its range.
    """
    if lang not in QUALIFIER_WORDS:
        raise ValueError(f"language {lang!r} is not one of {', '.join(QUALIFIER_WORDS)}")
    suffix = _unit_suffix(unit, lang)
    prefix = "index " if unit == "index" and lang == "en" else "indice " if unit == "index" else ""
    if qualifier == "approx" and not reads_as_about:
        lo = format_number(lower, decimals, lang)
        hi = format_number(upper, decimals, lang)
        return f"{prefix}{lo}-{hi}{suffix}"
    return f"{QUALIFIER_WORDS[lang][qualifier]}{prefix}{format_number(value, decimals, lang)}{suffix}"


def p_clause(p: float, lang: str = "en") -> str:
    """``"p < 0.001"``, ``"p = 0.293"`` (Holm-adjusted), ``""`` without a p-value."""
    if p is None or math.isnan(p):
        return ""
    if p < 0.001:
        return "p < 0,001" if lang == "fr" else "p < 0.001"
    return f"p = {format_number(p, 3, lang)}"


def diff_phrase(
    verdict: str,
    diff: float,
    lo: float,
    hi: float,
    lo_open: bool,
    hi_open: bool,
    decimals: int,
    unit: str,
    lang: str,
    p_note: str = "",
) -> str:
    """Words for a difference seen from the focus, printed to the inputs' published ``decimals``.

    English follows "lower than Mexico (52%)": ``"by 25 pp (between 24 and 26)"``; French
    follows "Mexique (52 %) :": ``"en retrait de 25 points (entre 24 et 26)"``.  Bounds are
    rounded outward, so the printed interval always holds the computed one.
    """
    u = unit_word(unit, lang)
    us = f" {u}" if u else ""
    has_point = not math.isnan(diff)
    fr = lang == "fr"
    sep = " ; " if fr else "; "
    extra = f"{sep}{p_note}" if p_note else ""
    alone = f" ({p_note})" if p_note else ""

    def num(x: float, *, sign: bool = False, rounding: str = "nearest") -> str:
        return format_number(x, decimals, lang, sign=sign, rounding=rounding)

    if verdict in ("higher", "lower"):
        low, high, low_open = (lo, hi, lo_open) if verdict == "higher" else (-hi, -lo, hi_open)
        low_t, high_t = num(low, rounding="down"), num(high, rounding="up")
        if fr:
            head = "en avance de" if verdict == "higher" else "en retrait de"
            if not has_point:
                word = "plus de" if low_open else "au moins"
                return f"{head} {word} {low_t}{us}{alone}"
            return f"{head} {num(abs(diff))}{us} (entre {low_t} et {high_t}{extra})"
        if not has_point:
            word = "more than" if low_open else "at least"
            return f"by {word} {low_t}{us}{alone}"
        return f"by {num(abs(diff))}{us} (between {low_t} and {high_t}{extra})"
    lo_t, hi_t = num(lo, sign=True, rounding="down"), num(hi, sign=True, rounding="up")
    if fr:
        tail = "pas de différence significative" if verdict == "indistinguishable" else "différence incertaine"
        if not has_point:
            return f"écart entre {lo_t} et {hi_t}{us}{alone}, {tail}"
        return f"écart de {num(diff, sign=True)}{us} (entre {lo_t} et {hi_t}{extra}), {tail}"
    if not has_point:
        return f"difference between {lo_t} and {hi_t}{us}{alone}"
    return f"difference {num(diff, sign=True)}{us} (from {lo_t} to {hi_t}{extra})"


# -- caveats ------------------------------------------------------------------------------------

#: Words for the fields a comparison checks: English plural; French "the same ..." (la même population).
FIELD_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "population": ("population", "populations"),
        "indicator": ("indicator", "indicators"),
        "period": ("period", "periods"),
        "source": ("source", "sources"),
        "sources": ("source", "sources"),
        "datasets": ("dataset", "datasets"),
        "indicators": ("indicator", "indicators"),
        "populations": ("population", "populations"),
    },
    "fr": {
        "population": ("population", "la même population"),
        "indicator": ("indicateur", "le même indicateur"),
        "period": ("période", "la même période"),
        "source": ("source", "la même source"),
        "sources": ("source", "la même source"),
        "datasets": ("jeu de données", "le même jeu de données"),
        "indicators": ("indicateur", "le même indicateur"),
        "populations": ("population", "la même population"),
    },
}

#: What a source flag says, by the kind :data:`adoptstats.caveats.FLAG_KINDS` gives it.
FLAG_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "estimated": "estimated",
        "forecast": "a forecast",
        "provisional": "provisional",
        "break": "a break in series",
        "low_reliability": "of low reliability",
        "confidential": "confidential",
        "definition_differs": "defined differently",
        "revised": "revised",
    },
    "fr": {
        "estimated": "estimé",
        "forecast": "une prévision",
        "provisional": "provisoire",
        "break": "une rupture de série",
        "low_reliability": "peu fiable",
        "confidential": "confidentiel",
        "definition_differs": "défini autrement",
        "revised": "révisé",
    },
}

#: Short labels of caveat kinds, for table cells and chart notes.
CAVEAT_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "not_comparable": "not comparable",
        "contested": "contested",
        "open_ended": "open-ended",
        "secondary_only": "secondary reports only",
        "source_flag": "flagged",
        "no_sample_size": "no sample size, no test",
        "uncertain_catch_up": "catch-up uncertain",
    },
    "fr": {
        "not_comparable": "non comparable",
        "contested": "contesté",
        "open_ended": "chiffre ouvert",
        "secondary_only": "sources secondaires seulement",
        "source_flag": "signalé",
        "no_sample_size": "pas de taille d'échantillon, pas de test",
        "uncertain_catch_up": "rattrapage incertain",
    },
}


def _and(items: list[str], lang: str) -> str:
    word = " et " if lang == "fr" else " and "
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + word + items[-1]


def _plural_fields(fields: tuple[str, ...], lang: str) -> str:
    words = [FIELD_WORDS[lang].get(f, (f, f))[1] for f in fields]
    return _and(words, lang)


def caveat_label(kind: str, fields: tuple[str, ...], lang: str = "en") -> str:
    """A short label: ``not comparable: population`` or ``flagged: provisional``; French likewise."""
    check_lang(lang)
    label = CAVEAT_LABELS[lang][kind]
    sep = " : " if lang == "fr" else ": "
    if kind == "not_comparable" and fields:
        return label + sep + ", ".join(FIELD_WORDS[lang].get(f, (f, f))[0] for f in fields)
    if kind == "source_flag" and fields:
        return label + sep + ", ".join(FLAG_WORDS[lang].get(f, f) for f in fields)
    if kind == "open_ended" and fields:
        return f"{label} ({QUALIFIER_WORDS[lang].get(fields[0], fields[0]).strip()})"
    return label


def caveat_clause(kind: str, name: str, fields: tuple[str, ...], detail: str, lang: str = "en") -> str:
    """A clause for the sentence a caveat bears on, starting with "though" (French "bien que")."""
    check_lang(lang)
    fr = lang == "fr"
    if kind == "not_comparable":
        if fr:
            same = " ni ".join(FIELD_WORDS["fr"].get(f, (f, f))[1] for f in fields) or "la même définition"
            return f"bien que les deux chiffres ne portent pas sur {same}"
        what = _plural_fields(fields, lang) if fields else "definitions"
        return f"though the two figures describe different {what}"
    if kind == "contested":
        extra = f" ({detail})" if detail else ""
        if fr:
            return f"bien que le chiffre de {name} soit contesté : les sources divergent{extra}"
        return f"though the figure for {name} is contested: reports disagree{extra}"
    if kind == "open_ended":
        if fr:
            return f"bien que le chiffre de {name} soit ouvert : il borne la valeur sans la donner"
        return f"though the figure for {name} is open-ended: it bounds the value without giving it"
    if kind == "source_flag":
        words = _and([FLAG_WORDS[lang].get(f, f) for f in fields], lang) if fields else ""
        if fr:
            return f"bien que la source signale le chiffre de {name} comme {words}"
        return f"though the source flags the figure for {name} as {words}"
    if kind == "secondary_only":
        by = f" ({detail})" if detail else ""
        if fr:
            return f"bien que le chiffre de {name} ne vienne que de sources secondaires{by}"
        return f"though the figure for {name} comes only from secondary reports{by}"
    if kind == "no_sample_size":
        if fr:
            return f"bien qu'aucune taille d'échantillon ne soit publiée pour {name} : pas de test possible"
        return f"though no sample size was published for {name}, so no test was possible"
    if fr:
        return f"bien que le rattrapage reste incertain{f' ({detail})' if detail else ''}"
    return f"though the catch-up is uncertain{f' ({detail})' if detail else ''}"


def caveat_sentence(kind: str, items: list[tuple[str, tuple[str, ...], str]], lang: str = "en") -> str:
    """One sentence for several caveats of one kind; ``items`` are (geography name, fields, detail)."""
    check_lang(lang)
    fr = lang == "fr"

    def named(with_fields: bool) -> str:
        out = []
        for name, fields, _detail in items:
            if with_fields and fields:
                if kind == "not_comparable":
                    same = " ni ".join(FIELD_WORDS["fr"].get(f, (f, f))[1] for f in fields)
                    what = f"pas {same}" if fr else f"different {_plural_fields(fields, lang)}"
                else:
                    what = _and([FLAG_WORDS[lang].get(f, f) for f in fields], lang)
                out.append(f"{name} ({what})")
            else:
                out.append(name)
        return _and(out, lang)

    if kind == "secondary_only":
        if fr:
            return f"Seules des sources secondaires (presse citant l'enquête) donnent les chiffres de {named(False)}."
        return (
            f"Only secondary reports (such as press articles quoting the survey) give the figures for {named(False)}."
        )
    if kind == "contested":
        if fr:
            return f"Les chiffres de {named(False)} sont contestés : leurs sources divergent."
        return f"The figures for {named(False)} are contested: their reports disagree."
    if kind == "open_ended":
        if fr:
            return f"Les chiffres ouverts de {named(False)} bornent la valeur sans la donner."
        return f"The open-ended figures for {named(False)} bound the value without giving it."
    if kind == "source_flag":
        if fr:
            return f"La source signale les chiffres de {named(True)}."
        return f"The source flags the figures for {named(True)}."
    if kind == "not_comparable":
        if fr:
            return f"Les chiffres de {named(True)} ne sont pas strictement comparables."
        return f"The figures for {named(True)} are not strictly comparable."
    if kind == "no_sample_size":
        if fr:
            return f"Faute de taille d'échantillon publiée pour {named(False)}, aucun test n'était possible."
        return f"No sample size was published for {named(False)}, so no significance test was possible."
    details = "; ".join(d for _n, _f, d in items if d)
    if fr:
        return f"Le rattrapage est incertain{f' : {details}' if details else ''}."
    return f"The catch-up is uncertain{f': {details}' if details else ''}."


def catch_up_sentence(
    catch_up: int | str,
    why: str,
    certain: bool,
    laggard: str | None,
    leader: str | None,
    lag_interval: str,
    lead_interval: str,
    unit: str,
    lang: str = "en",
) -> str:
    """Whether (and when) the laggard catches up, with the reason when the slopes cannot say.

    ``laggard`` and ``leader`` are names; the intervals are the slopes' printed intervals.
    """
    check_lang(lang)
    fr = lang == "fr"
    u = unit_word(unit, lang)
    per = f" {u} par an" if fr else f" {u} a year"
    if catch_up == "undetermined":
        if why == "slopes overlap" and laggard and leader:
            if fr:
                return (
                    f"On ne peut pas dire si {laggard} rattrapera {leader} : les intervalles de leurs pentes "
                    f"({lag_interval} et {lead_interval}{per}) se chevauchent : "
                    "les chiffres permettent les deux réponses."
                )
            return (
                f"Whether {laggard} catches up with {leader} is undetermined: the intervals of their slopes "
                f"({lag_interval} and {lead_interval}{per}) overlap, so the figures allow either answer."
            )
        if fr:
            because = (
                "moins de deux valeurs ponctuelles"
                if why == "no slope"
                else "aucun ne devance l'autre à la date la plus récente"
            )
            return f"Le rattrapage est indéterminé ({because})."
        because = "fewer than two point values" if why == "no slope" else "neither lags at the latest time"
        return f"Whether the laggard catches up is undetermined ({because})."
    if catch_up == "never":
        if fr:
            return (
                f"Au rythme actuel, {laggard} ne rattraperait jamais {leader} (les intervalles des pentes l'excluent)."
            )
        return f"At current trends, {laggard} would never catch up with {leader} (the slope intervals rule it out)."
    doubt = ""
    if not certain:
        doubt = (
            " (incertain : les intervalles des pentes se chevauchent)"
            if fr
            else " (uncertain: the slope intervals overlap)"
        )
    if fr:
        return f"Au rythme actuel, {laggard} rattraperait {leader} en {catch_up}{doubt}."
    return f"At current trends, {laggard} would catch up with {leader} in {catch_up}{doubt}."


# -- sentences of the paragraph, table and HTML renderers ----------------------------------------

#: Message templates by language; renderers fill them with :func:`say`.  Keys name the
#: place a message is used (``summary.*`` the comparison paragraph, ``trend.*`` the trend
#: paragraph, ``table.*`` the terminal table, ``html.*`` notebook HTML).
MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "summary.opening": "{focus}: {figure} in {period} ({what}{breakdown}).",
        "summary.clauses": " It is {clauses}.",
        "summary.clause_sep": "; ",
        "summary.clause": "{verdict} {name} ({figure}){sep}{phrase}{caveats}",
        "summary.rank": " Rank: {rank} (aggregates not ranked).",
        "summary.tested": (
            " P-values come from a two-proportion score test, Holm-corrected across {n} comparison{plural}."
        ),
        "summary.untested_all": (
            " No sample sizes were published, so no significance test was possible: the verdicts rest on the "
            "published figures and their rounding."
        ),
        "summary.untested_some": (
            " No test was possible for {names} (sample size unknown): that verdict rests on the published "
            "figures and their rounding."
        ),
        "sources": " Sources: {sources}.",
        "gap": "{verdict} {name}{sep}{phrase}{caveats}",
        "trend.none": "{name}: no trend (fewer than two point values)",
        "trend.line": "{name}: {slope} {unit} a year from {first} to {last} (between {lower} and {upper}; {how})",
        "trend.ols": "least squares over {n} values",
        "trend.two": "from two values",
        "table.focus_caveats": "caveats of the focus ({focus}): {markers}",
        "table.gap_to_leader": "gap to leader: {text}",
        "table.gap_to_benchmark": "gap to benchmark: {text}",
        "table.sources": "sources: {sources}",
        "html.caveats": "Caveats",
        "html.sources": "Sources",
        "profile.periods": (
            "Periods differ from concept to concept ({first} to {last}): each row uses the latest period both "
            "sides share for that concept."
        ),
        "profile.untested_all": (
            "No sample sizes were published: the verdicts rest on the published figures and their rounding."
        ),
        "profile.untested_some": (
            "No sample size for {k} of {n} rows: those verdicts rest on the published figures and their rounding."
        ),
        "profile.caveat_rows_one": "{k} of {n} row{plural} carries caveats ({kinds}): see the table.",
        "profile.caveat_rows_many": "{k} of {n} row{plural} carry caveats ({kinds}): see the table.",
    },
    "fr": {
        "summary.opening": "{focus} : {figure} en {period} ({what}{breakdown}).",
        "summary.clauses": " Comparaisons — {clauses}.",
        "summary.clause_sep": " ; ",
        "summary.clause": "{name} ({figure}) : {phrase}{caveats}",
        "summary.rank": " Rang : {rank} (agrégats non classés).",
        "summary.tested": (
            " Les valeurs p viennent d'un test du score pour deux proportions, corrigées par la méthode de Holm "
            "sur {n} comparaison{plural}."
        ),
        "summary.untested_all": (
            " Faute de taille d'échantillon publiée, aucun test de signification n'était possible : les verdicts "
            "reposent sur les chiffres publiés et leur arrondi."
        ),
        "summary.untested_some": (
            " Pas de test possible pour {names} (taille d'échantillon inconnue) : le verdict y repose sur les "
            "chiffres publiés et leur arrondi."
        ),
        "sources": " Sources : {sources}.",
        "gap": "{name} : {phrase}{caveats}",
        "trend.none": "{name} : pas de tendance (moins de deux valeurs ponctuelles)",
        "trend.line": "{name} : {slope} {unit} par an de {first} à {last} (entre {lower} et {upper} ; {how})",
        "trend.ols": "moindres carrés sur {n} valeurs",
        "trend.two": "à partir de deux valeurs",
        "table.focus_caveats": "réserves sur la cible ({focus}) : {markers}",
        "table.gap_to_leader": "écart au premier : {text}",
        "table.gap_to_benchmark": "écart à la référence : {text}",
        "table.sources": "sources : {sources}",
        "html.caveats": "Réserves",
        "html.sources": "Sources",
        "profile.periods": (
            "Les périodes diffèrent d'un concept à l'autre ({first} à {last}) : la dernière que les deux ont en "
            "commun pour chaque concept."
        ),
        "profile.untested_all": (
            "Aucune taille d'échantillon publiée : les verdicts reposent sur les chiffres publiés et leur arrondi."
        ),
        "profile.untested_some": (
            "Pas de taille d'échantillon pour {k} ligne{plural} sur {n} : ces verdicts reposent sur les chiffres "
            "publiés et leur arrondi."
        ),
        "profile.caveat_rows_one": "{k} ligne sur {n} porte des réserves ({kinds}) : voir le tableau.",
        "profile.caveat_rows_many": "{k} lignes sur {n} portent des réserves ({kinds}) : voir le tableau.",
    },
}


def say(key: str, lang: str = "en", **values: object) -> str:
    """The message ``key`` in ``lang``, filled with ``values``."""
    check_lang(lang)
    return MESSAGES[lang][key].format(**values)
