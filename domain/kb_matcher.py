"""Offline matching of a staff question to knowledge-base entries: fast, bounded, deterministic.

How a question is read:
- folded to lower-case letters and digits; only the first MAX_TEXT characters and MAX_WORDS
  words count, and a "word" longer than MAX_WORD characters is skipped, so no input costs more
  than a bounded amount of work and memory;
- each word is reduced by Snowball's Dutch stemmer (PyStemmer), so 'signalen' meets 'signaal';
- a word the knowledge base uses counts as itself. Otherwise a synonym or English word from
  `_synonyms.toml` is read as its knowledge-base word; a synonym never replaces a word an entry
  uses itself (but does replace a word that only shares its stem with one: 'kinds' is not
  'kind'); another form of a Dutch synonym counts as it ('pinpassen' as 'pinpas'). English function words and chat shorthand ('does', 'wrd', 'mn') are stopwords;
- another form of the same verb counts when Snowball leaves the present-tense -t ('woont'
  meets 'wonen'), and a separable verb is read with its particle further on ('schakel ik de
  politie in' has 'inschakelen'), trying at most MAX_SEPARABLE_TRIES forms per question;
- a word that is neither, and is not a Dutch word or a common English one either
  (domain/lexicon.py; 'stay' is not corrected into 'stap'), may be a typo:
  it is corrected to the knowledge-base word within one edit (two for longer words;
  transpositions count as one), at most MAX_FUZZY times per question. A real Dutch word is
  never corrected ('lang' stays 'lang'). Ties are broken by fixed rules, never by hash order;
- a compound is split when one part is a knowledge-base word and the other a known word
  ('orgaandonatie' counts as 'orgaan');
- an age under 18 ('van 15', '16 jaar') counts as 'minderjarig', and hours or pay no employer
  may offer ('14 uur per dag', '3 euro per uur') as 'onderbetaald'; a number counts as
  nothing else ('15 mensen op een adres' are no minors);
- a word that only says who asks or where ('kcc', 'wmo-consulent', 'huisbezoek', listed in
  `_onderwerp.toml`) does not count against an entry as a word the knowledge base does not
  know; in a question without any core word, it still makes the question off the subject,
  as do the words of a question about the asker's own job or another service ('mijn
  loonstrook', 'aanvragen'); a general core word ('vermoeden', 'mijn melding') puts a question
  on the subject, but does not outweigh a rare word the knowledge base does not know.

How entries are ranked: every stem of the question weighs its rarity among the entries (IDF)
times how common the word is in Dutch at large (so 'werk' or 'doen' weigh less than
'uitbuiting'), times where the entry has it (keywords and title count most, the answer text
least). Word pairs of the entry's question variants, stopwords included, add a little ('bij
wie moet ik ...'). An entry is shown only when its score and the share of the question it
explains both pass the calibrated thresholds, and when it uses enough of the question's telling
words itself, each weighed by how rare it is in Dutch (SPECIFICITY): a question about something
next to an entry ('hoe vaak komt arbeidsuitbuiting voor') shares the subject's words with it,
but not the words that say what is asked. Otherwise the card says the bot does not know.
Words from `_nood.toml` put the acute-danger entry first, whatever else matches (a separable
verb whose particle ends its sentence or stands right before it is no emergency: 'slaat de bot
mijn naam op').

With labelled examples, the model of domain/kb_learned.py ranks instead, and the lexical
ranking above is one piece of evidence among others: whether the first entry shown is
presented as the answer is a logistic rule (LearnedThresholds.is_sure) over the model's
probability of it, its lead, 'none of them', emergency words, and whether the lexical ranking
shows the same entry first.
"""

from __future__ import annotations

import math
import re
import string
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path

import numpy as np
import Stemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from domain import kb_learned
from domain.kb_typos import typo_copies
from domain.knowledge import ROUTING_REF, Entry, KnowledgeBase

MAX_TEXT = 2000  # characters of a question that are read at all
DECOMPOSED_PIECE = 256  # characters decomposed at a time (_decomposed)
MAX_WORD = 40  # a longer run of letters is not a word a person types: it is skipped
MAX_WORDS = 48  # words of a question that count
MAX_FUZZY = 8  # typo corrections per question
# Unknown words tried as compounds per question: the texts of the examples, the entries and the
# held-out part have at most 11 unknown words, so this bounds only text built to cost.
MAX_SPLITS = 16
FUZZY_LENGTHS = range(4, 21)  # words shorter or longer than this are never corrected
TWO_EDITS_FROM = 8  # a typo in a word of this many letters may be two edits away; shorter, one
LETTER_FILTER_FROM = 100  # candidates for a typo's correction from which letters filter first
LETTER_BIT = {letter: bit for bit, letter in enumerate(string.ascii_lowercase + string.digits)}
COMPOUND_LENGTHS = range(8, 31)
COMPOUND_PART = 4  # letters each part of a split compound has at least
RARE = 2  # frequency classes up to this are rare words (counted fewer than 1,000 times)
MAX_SEPARABLE_TRIES = 64  # forms tried per question when reading separable verbs

FIELD_WEIGHTS = {"keyword": 3.0, "title": 2.5, "question": 2.0, "answer": 0.3}
SYNONYM_WEIGHT = 0.9
FUZZY_WEIGHT = 0.9
COMPOUND_WEIGHT = 0.8
COMPOUND_REST = 0.5  # the share of an unknown word's weight the other part of a compound has
COMPOUND_MODIFIER = 0.5  # the share of its weight a known first part of a compound keeps
AGE_WEIGHT = 0.5  # an age under 18 hints at a minor, but should not outweigh what happened
TERMS_WEIGHT = 0.7  # hours or pay no employer may offer ('14 uur per dag') hint at exploitation
PAIR_WEIGHT = 0.1  # per unit of a shared word pair's IDF
PAIR_CAP = 12.0
EXPLAINS_FULLY = FIELD_WEIGHTS["question"]
COMMON_IN_ANSWERS = 5  # words of this frequency class and up are not indexed from answer texts
# What a word the knowledge base does not know weighs against coverage, by frequency class.
UNKNOWN_WEIGHTS = {0: 6.0, 1: 6.0, 2: 6.0, 3: 6.0, 4: 1.5, 5: 0.8, 6: 0.5, 7: 0.4}
# How much a word weighs by how common it is in Dutch (frequency class 1..7; 0 = not a Dutch word).
# How specific a word makes a question, by frequency class: a rare word ('draagmoederschap',
# 'bibob') or one no list knows says most about what is asked, a very common one nothing.
SPECIFICITY = {0: 3, 1: 3, 2: 3, 3: 3, 4: 2}
COMMONNESS = {0: 1.0, 1: 1.0, 2: 1.0, 3: 0.7, 4: 0.6, 5: 0.4, 6: 0.3, 7: 0.25}


@dataclass(frozen=True)
class Thresholds:
    """When an entry is shown. Calibrated on the tuning part of knowledge/eval with
    `python -m bot kb-eval --calibrate`; the defaults are what that printed in round 4 of
    issue 16. Its last run there preferred min_score 0.44, min_coverage 0.125 and
    neutral_coverage 0.55 at exactly the same figures; those lose 'orgaanmaffia onder dwang'
    (a test), so these were kept."""

    min_score: float = 0.32
    min_coverage: float = 0.225  # the share of the question the entry must explain
    neutral_coverage: float = (
        0.5  # ... by some entry, of a question without the subject's core words
    )
    neutral_words: int = 3  # ... or the words of it some entry uses in its keywords or questions
    strong_score: float = 3.0  # an entry this close to the question is shown whatever its coverage
    sure_margin: float = 0.25  # the first entry is the answer when it leads the next by this share
    # ... or by this smaller share, when it also explains at least as much of the question as
    # the next: an entry that only resembles a question variant more, but explains less of
    # the question, is as likely meant as the next one.
    close_margin: float = 0.075
    alternative_ratio: float = 0.5  # a 2nd or 3rd entry is shown at this share of the 1st's score
    # The share of the question's telling words (weighed by how specific they are) an entry
    # must use itself: a question about something next to the subject ('hoe vaak komt
    # arbeidsuitbuiting voor') shares words with an entry, but not the words that say what
    # is asked.
    min_subject_share: float = 0.5


SURE_FEATURES = ("first", "lead", "none", "emergency", "lexical agrees")


@dataclass(frozen=True)
class LearnedThresholds:
    """When the learned model's entries are shown (domain/kb_learned.py), and when the first
    is presented as the answer. Chosen on the examples' blind parts, each answered by a
    model that did not learn it (`python -m bot kb-eval --calibrate`). The rule is fitted on
    every question that shows an entry, those the knowledge base should not answer too, so it
    grows less sure as 'none of them' grows."""

    max_none: float = 0.85  # 'I do not know' when the model gives 'none of them' this much
    min_shown: float = 0.02  # an entry is shown (as a choice at least) from this probability
    # Whether the first entry shown is the answer: a logistic rule, fitted on the examples,
    # over SURE_FEATURES: the model's probability of that entry, its lead over the next,
    # the probability of 'none of them', emergency words, and whether the lexical matcher
    # shows the same entry first. The first is the answer when the rule gives at least `sure`.
    sure_weights: tuple[float, ...] = (-1.102, 3.839, 0.724, -3.504, 0.192, 0.642)  # bias, each
    sure: float = 0.68

    def __post_init__(self) -> None:
        if len(self.sure_weights) != len(SURE_FEATURES) + 1:
            raise ValueError("sure_weights: a bias and one weight per feature of SURE_FEATURES")

    def is_sure(self, features: Sequence[float]) -> bool:
        """Whether the rule presents the entry as the answer; never for numbers that are not
        finite."""
        bias, *weights = self.sure_weights
        logit = bias + sum(w * f for w, f in zip(weights, features, strict=True))
        if not math.isfinite(logit):
            return False
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, logit)))) >= self.sure


@dataclass(frozen=True)
class Evidence:
    """What is known about a question when the card is chosen: the learned model's
    probabilities, emergency words, and the entry the lexical matcher would show first."""

    prediction: kb_learned.Prediction
    emergency: bool
    lexical_first: str | None

    def sure_features(self, entry_id: str) -> tuple[float, ...]:
        """SURE_FEATURES for presenting this entry as the answer."""
        ranked = self.prediction.ranked
        probability = next((p for e, p in ranked if e == entry_id), 0.0)
        runner_up = next((p for e, p in ranked if e != entry_id), 0.0)
        return (
            probability,
            probability - runner_up,
            self.prediction.none,
            float(self.emergency),
            float(self.lexical_first == entry_id),
        )


# Particles of Dutch separable verbs, which stand apart from the verb in a sentence.
SEPARABLE_PARTICLES = ("in", "door", "op", "aan", "uit", "mee", "terug", "af", "na", "toe", "weg")
# 'wat houdt dat in' asks what something means; it is not about withholding ('inhouden').
SEPARABLE_FRAMES = frozenset({("houd", "in"), ("houdt", "in")})
NEGATIONS = frozenset({"geen", "zonder", "niet", "non", "no", "not", "without"})
MINOR_AGE_WORDS = frozenset({"van", "jaar", "jarig", "jarige", "jr", "jaar oud", "yo"})
_NON_WORD = re.compile(r"[^a-z0-9]+")
_SENTENCE_END = re.compile(r"[.,;:!?\n]+")
# Words that start another clause or strand a preposition ('waar let ik op', 'daar maak ik me
# zorgen over'): a particle at the end of the sentence then belongs to another verb.
CLAUSE_WORDS = frozenset(
    [
        "en",
        "maar",
        "want",
        "dus",
        "omdat",
        "als",
        "dat",
        "of",
        "wat",
        "waar",
        "daar",
        "er",
        "hier",
        "wie",
        "hoe",
        "toen",
        "terwijl",
        "zodat",
        "waarover",
        "waarop",
        "daarover",
        "daarop",
        "erover",
        "erop",
        "hierover",
        "hierop",
        "and",
        "but",
    ]
)
SEPARABLE_REACH = 9  # a particle further from its verb than this is not read as its own
# A capitalised word that does not start the text or a sentence.
_NAME = re.compile(r"(?<![.!?\n])(?<!^)\s+([A-Z\u00c0-\u00de][a-z\u00df-\u00ff]{1,39})\b")
# What every name _NAME finds has; found by a quick scan (a pattern that starts with a class).
_CAPITAL_AFTER_SPACE = re.compile(r"\s[A-Z\u00c0-\u00de]")
# No cache, neither PyStemmer's nor ours: a word is stemmed in about two microseconds, while
# PyStemmer's cache, once full, purged itself in one go inside a question now and then (2 ms
# more on the question that paid for it), and a cache would keep the words of questions.
_STEMMER = Stemmer.Stemmer("dutch", 0)

# fmt: off
STOPWORDS = frozenset([
    "de", "het", "een", "en", "of", "van", "voor", "op", "in", "aan", "met", "bij", "naar",
    "als", "dat", "die", "dit", "deze", "er", "is", "zijn", "was", "waren", "wordt", "worden",
    "word", "ik", "je", "jij", "u", "we", "wij", "ze", "zij", "hij", "haar", "hem", "ons",
    "mijn", "jouw", "hun", "wat", "hoe", "wie", "waar", "wanneer", "welke", "welk", "waarom",
    "moet", "moeten", "kan", "kunnen", "mag", "mogen", "wil", "willen", "zou", "zal", "heb",
    "heeft", "hebben", "ben", "bent", "dan", "toch", "nog", "al", "ook", "wel", "niet", "geen",
    "maar", "om", "te", "tot", "uit", "zo", "even", "eigenlijk", "precies", "gewoon", "iets",
    "iemand", "men", "dus", "want", "omdat", "heel", "erg", "veel", "meer", "doe", "doen",
    "nou", "hier", "daar", "gaat", "gaan", "ga", "komt", "komen", "kom", "zit", "zitten",
    "staat", "staan", "sta", "nu", "onder", "boven", "over", "door", "na", "tegen", "tussen",
    "per", "sinds", "tijdens", "naast", "achter", "toe", "wat's", "z", "n", "t", "s", "m", "d",
    "me", "mij", "jullie", "zich", "zo'n", "zon", "ja", "nee", "oke", "ok", "okay", "hoi",
    "hallo", "hey", "hee", "hi", "pas", "ff", "effe", "wss", "mss", "idd", "btw", "pls", "plz", "aub",
    "svp", "thx", "dank", "bedankt", "graag", "vraag", "vraagje", "quick", "checken", "check", "question", "the",
    "a", "an", "it", "i", "you", "do", "does", "what", "how", "who", "when", "where", "can",
    "my", "to", "on", "for", "and", "or", "be", "are", "with", "about", "at", "this", "that",
    "if", "non", "there", "any", "should", "will", "would", "please", "is", "am", "was", "were",
    "been", "being", "have", "has", "had", "get", "gets", "got", "need", "needs", "someone",
    "somebody", "something", "anyone", "they", "them", "their", "he", "she", "his", "her", "we",
    "our", "me", "your", "of", "in", "from", "by", "after", "before", "which", "why", "than",
    "then", "just", "also", "only", "still", "very", "really", "much", "many", "more", "some",
    "all", "almost", "keep", "keeps", "make", "makes", "know", "think", "see", "say", "tell",
    "go", "going", "want", "could", "might", "must", "shall", "may", "these", "those", "its",
    "into", "out", "up", "now", "here", "hi", "hello", "thanks", "ok",
    # English function words staff mix in ('how long does it take'): not being Dutch, they
    # would otherwise weigh as rare words the knowledge base does not know.
    "does", "did", "done", "doing", "as", "so", "yes", "no", "like", "one", "other", "too",
    "again", "ever", "us", "him", "own", "same", "such", "each", "every", "both", "most",
    "because", "while", "until", "once", "whom", "whose", "lets", "guys", "don",
    "doesn", "didn", "isn", "aren", "wasn", "won", "couldn", "shouldn", "wouldn", "ll", "ve",
    "re", "count", "counts", "counted", "thing", "things", "way", "anything", "nothing",
    "everything", "anybody", "nobody", "everyone", "okay", "right", "actually", "exactly",
    "already", "yet", "maybe", "perhaps", "probably", "made", "give", "gives", "giving", "gave",
    "given", "common", "without", "not", "never",
    # Chat shorthand: 'wrd' (wordt), 'mn' (mijn), 'ipv' (in plaats van), ...
    "wrd", "mn", "zn", "k", "ipv", "vd", "vh", "dr", "ng", "nt", "ofzo", "enzo", "iig", "sws",
    "evt", "mbt", "ivm", "tav", "bijv", "bv", "oid", "wa", "da", "hierover", "daarover",
    "erover", "hiermee", "daarmee", "ermee", "hierbij", "daarbij",
    # 'krijgen' says little about what is asked ('wie krijgt mijn melding'), but as a rare word
    # of one question variant it would pull that entry up.
    "krijg", "krijgt", "krijgen", "kreeg", "kregen",
])
# fmt: on


def fold(text: str, limit: int | None = None) -> str:
    """Lower case, no accents, only letters and digits separated by single spaces; with a
    limit, at most that many characters of the decomposed text are read (a character such as
    U+FDFA decomposes into 18)."""
    return _NON_WORD.sub(" ", _plain(text, limit)).strip()


def _plain(text: str, limit: int | None = None) -> str:
    """Lower case without accents; at most `limit` characters of the decomposed text."""
    plain = text.lower()
    if not plain.isascii():
        decomposed = _decomposed(plain, limit)
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain


def _decomposed(text: str, limit: int | None) -> str:
    """The text decomposed (NFKD), at most `limit` characters of it, for _plain: a piece at a
    time, so that text of characters that decompose into many (U+FDFA into 18) costs only
    what is kept, not 18 times the text (36,000 characters took 0.2 to 1.4 ms, depending on
    the process's memory). Each character decomposes on its own; at a seam between pieces
    only combining marks may come in another order, and _plain removes them."""
    pieces: list[str] = []
    kept = 0
    for start in range(0, len(text), DECOMPOSED_PIECE):
        piece = unicodedata.normalize("NFKD", text[start : start + DECOMPOSED_PIECE])
        if limit is not None and kept + len(piece) >= limit:
            pieces.append(piece[: limit - kept])
            break
        pieces.append(piece)
        kept += len(piece)
    return "".join(pieces)


def words_of(text: str) -> list[str]:
    """The words of a question that count: bounded in number and in length."""
    folded = fold(text[:MAX_TEXT], limit=2 * MAX_TEXT)
    words = [w for w in folded.split() if len(w) <= MAX_WORD]
    return words[:MAX_WORDS]


def sentences_of(text: str) -> list[list[str]]:
    """The words of a question (as words_of, in the same order and bound) per sentence or
    clause, split at punctuation after Unicode decomposition ('！' ends one too)."""
    sentences: list[list[str]] = []
    left = MAX_WORDS
    for part in _SENTENCE_END.split(_plain(text[:MAX_TEXT], 2 * MAX_TEXT)):
        words = [w for w in _NON_WORD.sub(" ", part).split() if len(w) <= MAX_WORD][:left]
        if words:
            sentences.append(words)
            left -= len(words)
            if not left:
                break
    return sentences


def names_in(text: str) -> frozenset[str]:
    """Words written with a capital inside a sentence ('mijn collega Karel Doornbos'):
    probably names, which say nothing about what is asked."""
    text = text[:MAX_TEXT]
    if not _CAPITAL_AFTER_SPACE.search(text):
        return frozenset()  # _NAME tries two look-behinds at every character (38 us for 1,000)
    return frozenset(fold(m.group(1)) for m in _NAME.finditer(text))


# Snowball's Dutch stemmer strips 'ge-', which merges words the knowledge base must keep apart
# ('gemeente' and 'mening', 'nodig' and 'nood') and splits 'gemeld'/'melden' from 'melding'.
STEM_OVERRIDES = {
    "belle": "belle",
    "letsel": "letsel",
    "gemeente": "gemeente",
    "gemeenten": "gemeente",
    "mening": "mening",
    "nodig": "nodig",
    "gezond": "gezond",
    "geweld": "geweld",
    "gewond": "gewond",
    "wijzigen": "wijzig",
    # Strong verbs whose forms the stemmer does not bring together.
    "dwingen": "dwang",
    "dwingt": "dwang",
    "dwong": "dwang",
    "gedwongen": "dwang",
}
STEM_MERGES = {"mel": "meld"}


def stem(word: str) -> str:
    if word in STEM_OVERRIDES:
        return STEM_OVERRIDES[word]
    stemmed = _STEMMER.stemWord(word)
    return STEM_MERGES.get(stemmed, stemmed)


def _key(word: str, word_stem: str) -> str:
    """A word as it takes part in word pairs: stopwords as they are, other words stemmed."""
    return word if word in STOPWORDS else word_stem


class PhraseIndex(dict[tuple[str, ...], str]):
    """Phrases by their folded words, and the words they start with (most words of a question
    start none, and are passed over at once)."""

    def __init__(self, phrases: Iterable[str]) -> None:
        super().__init__({tuple(fold(p).split()): p for p in phrases if fold(p)})
        self.firsts = frozenset(words[0] for words in self)


def _find_phrases(words: Sequence[str], index: PhraseIndex, *, affirmed: bool = False) -> list[str]:
    """The phrases of the index that occur in the words, longest first at each position;
    with `affirmed`, not those right after a negation ('zonder spoed', 'non emergency')."""
    found = []
    firsts = index.firsts
    for start in range(len(words)):
        if words[start] not in firsts:
            continue
        if affirmed and start and words[start - 1] in NEGATIONS:
            continue
        for length in (3, 2, 1):
            phrase = tuple(words[start : start + length])
            if len(phrase) == length and phrase in index:
                found.append(index[phrase])
                break
    return found


@dataclass(frozen=True)
class Match:
    entry: Entry
    score: float
    coverage: float = 0.0  # the share of the question's weight this entry explains
    shared: int = 0  # words of the question this entry uses in its keywords, title or questions
    # The share of the question's telling words, weighed by how specific they are, that this
    # entry uses anywhere (keywords, title, questions or answer).
    subject_share: float = 1.0


@dataclass(frozen=True)
class Answer:
    """What the results card shows: entries best first; none means 'I do not know'."""

    matches: tuple[Match, ...]
    emergency: bool = False
    # False when the matcher is not sure of the first entry (LearnedThresholds.is_sure, or
    # for the lexical ranking a small lead): the card then offers the entries as choices
    # ("Bedoel je ...?") instead of presenting the first as the answer.
    sure: bool = True

    @property
    def entry_ids(self) -> tuple[str, ...]:
        return tuple(m.entry.id for m in self.matches)


@dataclass(frozen=True)
class Reading:
    """How the matcher read a question."""

    terms: dict[str, float]  # stem -> weight of that word in the question
    unknown: list[float]  # the weights of words the knowledge base does not know
    pairs: set[tuple[str, str]]
    emergency: bool
    off_subject: bool  # a rare unknown word and none of the subject's core words
    on_subject: bool = False  # one of the subject's core words (see _onderwerp.toml)
    # The telling words of the question: what each was read as (empty: nothing the knowledge
    # base knows) and how specific it is (SPECIFICITY, by how rare the word is in Dutch).
    subject: tuple[tuple[frozenset[str], int], ...] = ()
    words: tuple[str, ...] = ()  # the words read (words_of), for the learned model


@dataclass(frozen=True)
class Ranking:
    matches: list[Match]  # every entry with any evidence, best first
    emergency: bool
    off_subject: bool
    on_subject: bool = False


class Matcher:
    """Reads a question (below) and chooses what the card shows. With labelled examples in the
    knowledge base, a model learned from them chooses (domain/kb_learned.py); without, the
    lexical ranking below does, with its calibrated thresholds."""

    def __init__(
        self,
        knowledge: KnowledgeBase,
        thresholds: Thresholds | None = None,
        learned: LearnedThresholds | None = None,
        model_cache: Path | None = None,
    ) -> None:
        self.thresholds = thresholds or Thresholds()
        self._model_cache = model_cache  # a folder where trained models are kept between starts
        self.learned_thresholds = learned or LearnedThresholds()
        self._entries = knowledge.entries
        self._lexicon = knowledge.lexicon
        self._english = knowledge.english
        self._emergency_entry = knowledge.emergency.entry_id if knowledge.emergency else None
        # Where each stem occurs: entry index -> the weight of the best field that has it.
        self._postings: dict[str, dict[int, float]] = defaultdict(dict)
        self._pairs: dict[tuple[str, str], set[int]] = defaultdict(set)
        variant_words: list[list[list[str]]] = []  # per entry: the words of title and questions
        surface: set[str] = set()
        for index, entry in enumerate(self._entries):
            fields = (
                ("keyword", entry.keywords),
                ("title", (entry.title,)),
                ("question", entry.questions),
                ("answer", (ROUTING_REF.sub(" ", entry.template or entry.answer),)),
            )
            variant_words.append([])
            for field, texts in fields:
                for text in texts:
                    words = fold(text).split()
                    surface.update(words)
                    for word in words:
                        if word in STOPWORDS or (field == "answer" and not self._telling(word)):
                            continue
                        postings = self._postings[stem(word)]
                        postings[index] = max(postings.get(index, 0.0), FIELD_WEIGHTS[field])
                    if field in ("title", "question"):
                        variant_words[index].append(words)
                        keys = [_key(w, stem(w)) for w in words]
                        for pair in pairwise(keys):
                            self._pairs[pair].add(index)
        count = len(self._entries)
        self._idf = {t: math.log(1 + count / len(p)) for t, p in self._postings.items()}
        self._pair_idf = {p: math.log(1 + count / len(e)) for p, e in self._pairs.items()}
        # Each title and question variant as a weighted vector of stems, for the similarity
        # of the question to the closest way of asking for this entry.
        # Stored inverted: stem -> (variant, weight / the variant's length), each variant
        # numbered across all entries (_variant_entry: the entry of each).
        self._in_variants: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self._variant_entry: list[int] = []
        for index, per_entry in enumerate(variant_words):
            for words in per_entry:
                number = len(self._variant_entry)
                self._variant_entry.append(index)
                vector: dict[str, float] = {}
                for word in words:
                    if word not in STOPWORDS:
                        term = stem(word)
                        vector[term] = self._idf[term] * self._weight(word)
                length = math.sqrt(sum(v * v for v in vector.values()))
                for term, value in sorted(vector.items()):
                    self._in_variants[term].append((number, value / length))
        # Per stem, the entries that have it, the share of a question's word each explains
        # (a word only the answer text has explains less) and whether it explains it fully.
        self._explains = {
            term: [(i, min(1.0, w / EXPLAINS_FULLY), w >= EXPLAINS_FULLY) for i, w in p.items()]
            for term, p in self._postings.items()
        }
        # Synonyms only lead somewhere when their knowledge-base word is used by an entry.
        self._synonyms: dict[tuple[str, ...], tuple[str, ...]] = {}
        for variant, word in sorted(knowledge.synonyms.items()):
            stems = tuple(stem(w) for w in fold(word).split() if w not in STOPWORDS)
            if stems and all(s in self._postings for s in stems):
                self._synonyms[tuple(fold(variant).split())] = stems
        # Other forms of a one-word Dutch synonym ('pinpassen' for 'pinpas'), by stem; a stem
        # two synonyms with different words share, or that an entry uses, leads nowhere. Not
        # for English synonyms: the Dutch stemmer makes odd stems of them ('living' -> 'lif').
        by_stem: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for variant, stems in self._synonyms.items():
            if (
                len(variant) == 1
                and variant[0] not in knowledge.english
                and stem(variant[0]) not in self._postings
            ):
                by_stem[stem(variant[0])].add(stems)
        self._synonym_stems = {t: next(iter(v)) for t, v in sorted(by_stem.items()) if len(v) == 1}
        # The words a phrase read as a synonym starts with (_read looks up 2 and 3 words).
        self._phrase_firsts = frozenset(v[0] for v in self._synonyms if len(v) in (2, 3))
        self._surface = frozenset(w for w in surface if w not in STOPWORDS and len(w) >= 3)
        self._own_words = frozenset(surface)  # every word an entry uses, as written
        # Typo candidates for a word of each length: the words of nearby lengths, sorted so
        # that the scan order never depends on hashing; with the letters each has (a bit per
        # letter) where there are many, to leave out most of them before comparing.
        by_length: dict[int, list[str]] = defaultdict(list)
        for word in sorted(self._surface):
            by_length[len(word)].append(word)
        self._nearby: dict[int, tuple[list[str], np.ndarray | None]] = {}
        for length in FUZZY_LENGTHS:
            edits = _edits_allowed(length)
            nearby = [
                word
                for near in range(max(length - edits, FUZZY_LENGTHS.start), length + edits + 1)
                for word in by_length.get(near, ())
            ]
            letters = None
            if len(nearby) > LETTER_FILTER_FROM:
                letters = np.array([_letter_bits(word) for word in nearby], dtype=np.uint64)
            self._nearby[length] = (nearby, letters)
        # Typo corrections and compound splits of the question being read (a word typed twice
        # is worked out once); emptied after each question, like the word lists' memory.
        self._corrections: dict[str, str | None] = {}
        self._splits: dict[str, tuple[list[str], str]] = {}
        core = set(knowledge.core_words) | set(
            knowledge.emergency.words if knowledge.emergency else ()
        )
        # A phrase is a core word as a whole: 'veilig thuis' is, 'veilig' or 'thuis' alone
        # is not ('hoe laat sluit de balie' is not about 'sluiten ze op').
        self._core = frozenset(stem(fold(word)) for word in core if len(fold(word).split()) == 1)
        self._core_phrases = PhraseIndex(w for w in core if len(fold(w).split()) > 1)
        core_phrases = set(self._core_phrases.values())
        self._core_variants = frozenset(
            tuple(fold(variant).split())
            for variant, word in knowledge.synonyms.items()
            if word in core_phrases
        )
        self._asker = frozenset(fold(word) for word in knowledge.asker_words)
        general = [fold(w) for w in knowledge.general_core_words]
        self._general = frozenset(stem(w) for w in general if len(w.split()) == 1)
        self._general_phrases = PhraseIndex(w for w in general if len(w.split()) > 1)
        self._other_subject = PhraseIndex(knowledge.other_subject_words)
        emergency = knowledge.emergency
        self._strong = PhraseIndex(emergency.words if emergency else ())
        self._weak = PhraseIndex(emergency.weak_words if emergency else ())
        self._only_with = PhraseIndex(emergency.only_with if emergency else ())
        self._not_with = PhraseIndex(emergency.not_with if emergency else ())
        self._separable_verbs = dict(emergency.separable if emergency else ())
        self._by_id = {entry.id: entry for entry in self._entries}
        self.model = self._learn(knowledge, knowledge.examples) if knowledge.examples else None

    def _learn(
        self, knowledge: KnowledgeBase, labelled: Sequence[tuple[str, tuple[str, ...]]]
    ) -> kb_learned.LearnedModel | None:
        """The model learned from labelled questions (each with every entry that answers it,
        or none) and typo'd copies of most of them (domain/kb_typos.py), and from every entry's
        title and question variants; none when they name fewer than two labels (one entry and
        no question it should not answer: nothing to tell apart)."""
        examples = [*labelled, *typo_copies(labelled)]
        examples += [(text, (e.id,)) for e in self._entries for text in (e.title, *e.questions)]
        classes = kb_learned.labels_of(examples)
        if len(classes) < 2:
            return None
        # Who holds a role is filled into answers after loading; the matcher reads the answers
        # as written, so the model is the same whoever holds a role.
        as_written = tuple(
            replace(e, answer=e.template or e.answer, template="") for e in self._entries
        )
        # The lexicons' repr is their fingerprint: the same words read alike.
        key = kb_learned.digest(examples, repr(replace(knowledge, entries=as_written, examples=())))
        return kb_learned.trained(
            key,
            classes,
            lambda: kb_learned.train(examples, self.read_as, words_of),
            self._model_cache,
        )

    def with_examples(
        self, knowledge: KnowledgeBase, labelled: Sequence[tuple[str, tuple[str, ...]]]
    ) -> Matcher:
        """The same matcher with a model learned from other examples (for cross-validation)."""
        other = Matcher.__new__(Matcher)
        other.__dict__.update(self.__dict__)
        other.model = self._learn(knowledge, labelled) if labelled else None
        return other

    def read_as(self, question: str) -> list[str]:
        """The knowledge-base words a question was read as, in a fixed order."""
        return sorted(self.read(question).terms)

    def _telling(self, word: str) -> bool:
        """Whether a word of an answer text says something about the entry: no digits (phone
        numbers) and no very common words ('houdt', 'krijgt'), which only add noise there."""
        return not word.isdigit() and self._lexicon.frequency_class(word) < COMMON_IN_ANSWERS

    def _verb_form(self, word: str) -> str | None:
        """The knowledge-base stem of another form of the same verb, or None. Snowball's Dutch
        stemmer leaves the -t of the present tense ('woont', 'betaalt', 'invult', 'vraagt'),
        so 'hij woont op zijn werk' would not meet 'wonen'; and the other way round ('regelen'
        for an entry's 'regelt')."""
        if len(word) < 5:
            return None
        if word.endswith("t"):
            root = word[:-1]  # 'invul', 'noteer', 'woon'
            forms = (root + "en", root + root[-1] + "en", _undouble(root) + "en")
        elif word.endswith("en"):
            forms = (word[:-2] + "t",)
        else:
            return None
        return next((s for s in map(stem, forms) if s in self._postings), None)

    def _separable(self, word: str, particles: Sequence[str], tries: list[int]) -> str | None:
        """The knowledge-base stem of a separable verb whose particle comes later in the
        question ('particles': those after the word, nearest first, each once): 'schakel ik de
        politie in' is 'inschakelen', 'hoe vraag ik door' is 'doorvragen'. None when there is
        no such verb."""
        if not particles or not 2 < len(word) <= 12 or word.isdigit():
            return None
        roots = (word, word[:-1]) if word.endswith("t") else (word,)  # 'schakelt' -> 'schakel'
        for particle in particles:
            if (stem(word), particle) in SEPARABLE_FRAMES:
                continue
            for root in roots:
                for form in (root, root + "en", _undouble(root) + "en", root + root[-1] + "en"):
                    if tries[0] <= 0:
                        return None
                    tries[0] -= 1
                    found = stem(particle + form)
                    if found in self._postings:
                        return found
        return None

    def _telling_part(self, part: str) -> bool:
        return len(part) > COMPOUND_PART and self._lexicon.frequency_class(part) <= RARE + 1

    # --- reading a question --------------------------------------------------------------
    def _weight(self, word: str) -> float:
        return _commonness(self._lexicon.frequency_class(word))

    def _correct(self, word: str) -> str | None:
        """The knowledge-base word a typo most likely meant, or None (remembered within the
        question: at most MAX_FUZZY words)."""
        if word not in self._corrections:
            self._corrections[word] = self._closest(word)
        return self._corrections[word]

    def _closest(self, word: str) -> str | None:
        """The knowledge-base word nearest to a word (OSA distance: see _edits_allowed), by
        `preference` among the nearest; None when none is that near."""
        limit = _edits_allowed(len(word))
        candidates, letters = self._nearby[len(word)]
        if letters is not None:
            # A word within `limit` edits of another differs from it in at most 2 * `limit` of
            # the letters either has (an edit removes one letter, brings one in, or both): a
            # cheap test that leaves about one of hundreds of candidates of a random word to
            # compare (about 7 us a word instead of 11 to 38 comparing all). It only passes
            # over candidates, so the nearest are the same as when comparing all.
            own = np.uint64(_letter_bits(word))
            close = np.flatnonzero(np.bitwise_count(letters ^ own) <= 2 * limit)
            candidates = [candidates[at] for at in close.tolist()]
        found = process.extract(
            word, candidates, scorer=OSA.distance, score_cutoff=limit, limit=None
        )
        if not found:
            return None

        def preference(item: tuple[str, float, int]) -> tuple[float, bool, int, str]:
            candidate, distance, _ = item
            shared = len(next((p for p in _prefixes(word, candidate)), ""))
            return (distance, candidate[0] != word[0], -shared, candidate)

        return min(found, key=preference)[0]

    def _split(self, word: str) -> tuple[list[str], str]:
        if word not in self._splits:  # at most MAX_SPLITS words per question
            self._splits[word] = self._compound(word)
        return self._splits[word]

    def _compound(self, word: str) -> tuple[list[str], str]:
        """Knowledge-base parts of a compound and the part the knowledge base does not know:
        'orgaandonatie' -> (['orgaan'], 'donatie'); ([], '') when it is no such compound.
        Only rare or unknown words are split ('bijzonder' is not 'bij' + 'zonder'), into parts
        of at least COMPOUND_PART letters, of which the knowledge-base part is not common."""
        if len(word) not in COMPOUND_LENGTHS or self._lexicon.frequency_class(word) > RARE:
            return [], ""
        best: tuple[int, list[str], str] | None = None
        for cut in range(len(word) - COMPOUND_PART, COMPOUND_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            heads = [head] + ([head[:-1]] if head.endswith("s") and len(head) > 4 else [])
            for part in heads:
                head_known = part in self._surface and self._telling_part(part)
                tail_known = tail in self._surface and self._telling_part(tail)
                if not (head_known or tail_known):
                    continue
                if not (head_known or part in self._lexicon) or not (
                    tail_known or tail in self._lexicon
                ):
                    continue
                parts = [p for p, known in ((part, head_known), (tail, tail_known)) if known]
                rest = "" if tail_known and head_known else (part if tail_known else tail)
                size = sum(len(p) for p in parts)
                if best is None or size > best[0]:
                    best = (size, parts, rest)
        return ([stem(p) for p in best[1]], best[2]) if best else ([], "")

    def _emergency_words(self, question: str, words: list[str]) -> list[str]:
        """The words read for emergency words, without a separable verb form that is another
        verb ('scheidbaar' in _nood.toml): one whose particle ends its sentence, with no word
        between them that starts another clause or strands a preposition ('slaat microsoft
        mijn vragen op'; not 'hij slaat haar en daar maak ik me zorgen over'), and one that
        follows its particle ('als het nergens op slaat'). A missed emergency costs more than
        a false one, so a verb form is kept whenever it is in doubt."""
        if not any(word in self._separable_verbs for word in words):
            return words
        kept: list[str] = []
        for sentence in sentences_of(question):
            dropped = {
                position
                for position, word in enumerate(sentence)
                if position and sentence[position - 1] in self._separable_verbs.get(word, ())
            }
            last = sentence[-1]
            for position in range(len(sentence) - 2, -1, -1):
                word = sentence[position]
                if word in CLAUSE_WORDS or len(sentence) - position > SEPARABLE_REACH:
                    break
                if last in self._separable_verbs.get(word, ()):
                    dropped.add(position)
                    break  # only the nearest verb form takes the particle
            kept += [word for position, word in enumerate(sentence) if position not in dropped]
        return kept

    def _is_emergency(self, words: list[str]) -> bool:
        if _find_phrases(words, self._strong, affirmed=True):
            return True
        return (
            bool(_find_phrases(words, self._weak, affirmed=True))
            and bool(_find_phrases(words, self._only_with))
            and not _find_phrases(words, self._not_with)
        )

    def read(self, question: str) -> Reading:
        self._forget()  # what building the matcher looked up is not a question's
        try:
            return self._read(question)
        finally:
            self._forget()  # nothing keeps a word of the question (a name, say) once read

    def _forget(self) -> None:
        self._lexicon.forget()
        self._english.forget()
        self._corrections.clear()
        self._splits.clear()

    def _read(self, question: str) -> Reading:
        words = words_of(question)
        word_stems = [stem(w) for w in words]  # each word stemmed once
        names = names_in(question)
        terms: dict[str, float] = {}
        unknown: list[float] = []
        rare_unknown = False
        asker_word = False
        fuzzy_left = MAX_FUZZY
        splits_left = MAX_SPLITS

        # What each word of the question was read as, to tell afterwards which of its telling
        # words an entry covers (see Match.uncovered).
        read_as: dict[int, set[str]] = defaultdict(set)
        at: list[int] = []  # the positions of the word being read

        def add(term: str, weight: float) -> None:
            if term in self._postings:
                terms[term] = max(terms.get(term, 0.0), weight)
                for position in at:
                    read_as[position].add(term)

        # Phrases first ('money mule', 'human trafficking'); their words still count below as
        # themselves, but not as synonyms of their own ('kept secret' is not also 'kept').
        covered: set[int] = set()
        core_phrase = False  # a synonym of a core phrase ('vt' for 'veilig thuis')
        as_read = list(words)  # with typos corrected, to find core phrases in
        phrase_firsts = self._phrase_firsts
        for start in range(len(words)):
            if words[start] not in phrase_firsts:
                continue  # most words start no phrase: passed over at once
            for length in (3, 2):
                phrase = tuple(words[start : start + length])
                if len(phrase) == length and phrase in self._synonyms:
                    at[:] = range(start, start + length)
                    for term in self._synonyms[phrase]:
                        add(term, SYNONYM_WEIGHT)
                    covered.update(range(start, start + length))
                    core_phrase = core_phrase or phrase in self._core_variants
                    break
        telling: list[tuple[int, int]] = []  # (position, specificity) of the telling words
        # Looked up once for every word (a question has up to MAX_WORDS).
        postings, synonyms, surface = self._postings, self._synonyms, self._surface
        frequency_class, asker = self._lexicon.frequency_class, self._asker
        english_class = self._english.frequency_class
        for position, word in enumerate(words):
            at[:] = (position,)
            single = (word,)
            if position and words[position - 1] in NEGATIONS and single in self._strong:
                continue  # 'geen spoed', 'non emergency': not about acute danger
            after = words[position + 1] if position + 1 < len(words) else ""
            if after and word not in STOPWORDS and after not in STOPWORDS:
                joined = word + after  # 'orgaan handel' written apart
                if joined in surface:
                    add(stem(joined), 1.0)
            if word in STOPWORDS:
                continue
            if word.isdigit() and len(word) <= 2:
                # A small number says something only as an age ('meisje van 15'); as itself
                # it would tie '15 mensen op een adres' to the entry that mentions a 15-year-old.
                if _is_minor_age(words, position):
                    add(stem("minderjarig"), AGE_WEIGHT)
                if _is_exploitative_terms(words, position):
                    add(stem("onderbetaald"), TERMS_WEIGHT)
                continue
            frequency = frequency_class(word)  # looked up once per word
            # How common it is in English, for a word no Dutch list knows ('saw', 'file').
            english = english_class(word) if not frequency else 0
            weight = _commonness(frequency)
            word_stem = word_stems[position]
            if word not in asker and word not in names:
                # How much it says about what is asked (SPECIFICITY): a common English word
                # is as specific as it is common in English, not as a word no list knows.
                telling.append((position, SPECIFICITY.get(frequency or english, 0)))
            # A synonym is read as its knowledge-base word unless an entry uses the word itself;
            # a word that merely shares its stem with an entry's word ('pasje' with 'hoe pas
            # ik mijn melding aan') is read as its synonym ('bankpas').
            is_synonym = single in synonyms
            if word_stem in postings and (word in self._own_words or not is_synonym):
                add(word_stem, weight)
                continue
            if is_synonym:
                if position in covered:
                    continue  # read as part of its phrase ('kept secret' is not 'kept')
                for term in synonyms[single]:
                    add(term, SYNONYM_WEIGHT * weight)
                core_phrase = core_phrase or single in self._core_variants
                continue
            if word_stem in self._synonym_stems:
                for term in self._synonym_stems[word_stem]:
                    add(term, SYNONYM_WEIGHT * weight)
                continue
            verb = self._verb_form(word)
            if verb is not None:
                add(verb, weight)
                continue
            if word in asker:
                asker_word = True  # who asks ('kcc', 'huisbezoek'), not what is asked
                continue
            if word.isdigit():
                if _is_minor_age(words, position):
                    add(stem("minderjarig"), AGE_WEIGHT)
                if _is_exploitative_terms(words, position):
                    add(stem("onderbetaald"), TERMS_WEIGHT)
                continue
            if position in covered or word in names:
                continue
            known = frequency > 0 or english > 0
            if not known and fuzzy_left and len(word) in FUZZY_LENGTHS:
                fuzzy_left -= 1
                corrected = self._correct(word)
                if corrected is not None:
                    add(stem(corrected), FUZZY_WEIGHT)
                    as_read[position] = corrected
                    continue
            parts, rest = self._split(word) if splits_left > 0 else ([], "")
            splits_left -= 1
            # A Dutch compound is a kind of its last part: 'personeelsvergadering' is a meeting,
            # 'horecapersoneel' is staff. When the knowledge base knows only the first part,
            # the compound is about something it does not know.
            about_rest = bool(rest) and word.endswith(rest)
            for part in parts:
                add(part, COMPOUND_WEIGHT * weight * (COMPOUND_MODIFIER if about_rest else 1.0))
            if about_rest:
                read_as.pop(position, None)  # 'uitkeringsfraude' is about fraud
            if rest:
                share = 1.0 if about_rest else COMPOUND_REST
                unknown.append(_unknown_weight(self._lexicon.frequency_class(rest)) * share)
            if not parts:
                unknown.append(_unknown_weight(frequency))
                rare_unknown = rare_unknown or frequency <= RARE + 1
        tries = [MAX_SEPARABLE_TRIES]  # shared by every word: bounded work per question
        # The particles after each word, nearest first, each once: read once for all words.
        later: list[tuple[str, ...]] = [()] * len(words)
        for position in range(len(words) - 2, -1, -1):
            following = words[position + 1]
            rest = later[position + 1]
            if following in SEPARABLE_PARTICLES:
                rest = (following, *(p for p in rest if p != following))
            later[position] = rest
        for position, word in enumerate(words):
            at[:] = (position,)
            separable = self._separable(word, later[position], tries)
            if separable is not None:
                add(separable, self._weight(word))
        keys = [_key(w, s) for w, s in zip(words, word_stems, strict=True)]
        pairs = {p for p in pairwise(keys) if p in self._pairs}
        stems = (*terms, *word_stems)
        on_subject = (
            core_phrase
            or any(t in self._core for t in stems)
            or bool(_find_phrases(as_read, self._core_phrases))
        )
        generally_on = any(t in self._general for t in stems) or bool(
            _find_phrases(as_read, self._general_phrases)
        )
        # A general core word ('vermoeden') does not outweigh a rare word the knowledge base
        # does not know ('witwassen'): that word is probably what the question is about.
        off_subject = rare_unknown and not on_subject
        # A word that says who asks weighs nothing against an entry, but without any core word
        # the question may be about it ('wanneer is het volgende huisbezoek').
        off_subject = off_subject or (asker_word and not (on_subject or generally_on))
        # A question about the asker's own job or another service ('waar vind ik mijn
        # loonstrook', 'hoe vraag ik een uitkering aan') that has no core word.
        off_subject = off_subject or (
            not on_subject and bool(_find_phrases(words, self._other_subject))
        )
        on_subject = on_subject or generally_on
        subject = tuple(
            (frozenset(read_as.get(position, ())), specificity)
            for position, specificity in telling
            if specificity
        )
        return Reading(
            terms,
            unknown,
            pairs,
            self._is_emergency(self._emergency_words(question, words)),
            off_subject,
            on_subject,
            subject,
            tuple(words),
        )

    # --- ranking ---------------------------------------------------------------------------
    def rank(self, question: str) -> Ranking:
        """Every entry with any evidence, best first; whether the question is an emergency, and
        whether it is off the subject (a rare word the knowledge base does not know, and none
        of the subject's core words).

        An entry's score is how closely its nearest title or question variant resembles the
        question (cosine of the weighted stems, words it does not know included), plus the
        share of the question's weight the entry explains anywhere (keywords and title fully,
        its answer text partly), plus a little for shared word pairs."""
        return self._rank_reading(self.read(question))

    def _rank_reading(self, query: Reading) -> Ranking:
        vector = {t: w * self._idf[t] for t, w in query.terms.items()}
        total = sum(vector.values()) + sum(query.unknown)
        norm = math.sqrt(sum(v * v for v in vector.values()) + sum(u * u for u in query.unknown))
        explained: dict[int, float] = defaultdict(float)
        shared: dict[int, int] = defaultdict(int)
        for term, value in vector.items():
            for index, share, fully in self._explains[term]:
                explained[index] += value * share
                shared[index] += fully
        paired: dict[int, float] = defaultdict(float)
        for pair in query.pairs:
            for index in self._pairs[pair]:
                paired[index] += self._pair_idf[pair]
        similarity: dict[int, float] = defaultdict(float)  # per variant
        for term, value in vector.items():
            for variant, weight in self._in_variants.get(term, ()):
                similarity[variant] += value * weight / norm
        closest_of: dict[int, float] = defaultdict(float)
        variant_entry = self._variant_entry
        for variant, value in similarity.items():
            index = variant_entry[variant]
            closest_of[index] = max(closest_of[index], value)
        # How much of the question's telling words each entry uses (by specificity).
        specific = sum(specificity for _read_as, specificity in query.subject)
        # Words read alike are looked up once (a question of one word typed 48 times looked
        # up the same entries 48 times).
        by_reading: dict[frozenset[str], int] = defaultdict(int)
        for read_as, specificity in query.subject:
            by_reading[read_as] += specificity
        uses: dict[int, int] = defaultdict(int)
        for read_as, specificity in by_reading.items():
            for index in {i for term in read_as for i in self._postings[term]}:
                uses[index] += specificity
        matches = []
        for index in sorted(set(explained) | set(paired)):
            closest = closest_of[index]
            coverage = explained[index] / total if total else 0.0
            score = closest + coverage + PAIR_WEIGHT * min(paired[index], PAIR_CAP)
            matches.append(
                Match(
                    self._entries[index],
                    score,
                    coverage,
                    shared[index],
                    uses[index] / specific if specific else 1.0,
                )
            )
        matches.sort(key=lambda m: (-m.score, m.entry.order, m.entry.id))
        return Ranking(matches, query.emergency, query.off_subject, query.on_subject)

    def answer(self, question: str, limit: int = 3) -> Answer:
        """What the card shows: confident entries (the acute-danger one first in an emergency)."""
        if self.model is not None:
            return self.answer_learned(question, self.learned_thresholds, limit)
        return self.choose(self.rank(question), self.thresholds, limit)

    def likely(self, question: str, limit: int = 3, floor: float = 0.05) -> tuple[str, ...]:
        """The entries most likely meant, whatever the card's thresholds: for a person who
        judges them (the taakaccenthouder's one-click answers), not for the asker."""
        if self.model is None:
            return tuple(m.entry.id for m in self.rank(question).matches[:limit])
        prediction, _emergency = self.predict(question)
        return tuple(entry for entry, p in prediction.ranked[:limit] if p >= floor)

    def predict(self, question: str) -> tuple[kb_learned.Prediction, bool]:
        """The learned model's probabilities for a question, and whether it is an emergency."""
        evidence = self.evidence(question, lexical=False)
        return evidence.prediction, evidence.emergency

    def evidence(self, question: str, lexical: bool = True) -> Evidence:
        """The learned model's probabilities, emergency words and (unless `lexical` is False)
        the lexical matcher's first entry, from one reading of the question."""
        if self.model is None:
            raise ValueError("this knowledge base has no examples to learn from")
        reading = self.read(question)
        prediction = self.model.predict(reading.words, sorted(reading.terms))
        first = None
        if lexical:
            shown = self.choose(self._rank_reading(reading), self.thresholds, 1).entry_ids
            first = shown[0] if shown else None
        return Evidence(prediction, reading.emergency, first)

    def answer_learned(self, question: str, bar: LearnedThresholds, limit: int = 3) -> Answer:
        return self.choose_learned(self.evidence(question), bar, limit)

    def choose_learned(self, evidence: Evidence, bar: LearnedThresholds, limit: int = 3) -> Answer:
        """The entries shown for the model's probabilities under these thresholds. Emergency
        words put the acute-danger entry first; it is presented as the answer when the rule
        is sure of it, as the first choice (the card then says to call 112) when it is not
        ('ik word zelf thuis mishandeld' is mostly about where to turn)."""
        prediction = evidence.prediction
        shown: list[Match] = []
        if prediction.none < bar.max_none:
            shown = [
                Match(self._by_id[entry_id], p)
                for entry_id, p in prediction.ranked[:limit]
                if p >= bar.min_shown
            ]
        if evidence.emergency:
            shown = self._acute_first(shown, shown)
        sure = bool(shown) and bar.is_sure(evidence.sure_features(shown[0].entry.id))
        return Answer(tuple(shown[:limit]), evidence.emergency, sure)

    def _acute_first(self, shown: list[Match], pool: Sequence[Match]) -> list[Match]:
        """The entries shown with the acute-danger entry first (its match from `pool` when it
        has one), for a question with emergency words; unchanged without such an entry."""
        if not self._emergency_entry:
            return shown
        acute = next((m for m in pool if m.entry.id == self._emergency_entry), None)
        acute = acute or Match(self._by_id[self._emergency_entry], 0.0)
        return [acute] + [m for m in shown if m.entry.id != self._emergency_entry]

    def choose(self, ranking: Ranking, bar: Thresholds, limit: int = 3) -> Answer:
        """The entries shown for a ranking under these thresholds."""
        ranked, emergency = ranking.matches, ranking.emergency
        described = any(m.shared >= bar.neutral_words for m in ranked)
        if ranking.off_subject and not emergency and not described:
            return Answer(())
        # A question without any of the subject's core words may be about something else that
        # happens to share a word with an entry ('is de balie morgen open'): it is answered
        # only when some entry explains a larger share of it, or uses several of its words
        # itself ('werknemers slapen in een loods op het bedrijfsterrein'), which also outweighs
        # a rare word the knowledge base does not know.
        if not (ranking.on_subject or described) and not any(
            m.coverage >= bar.neutral_coverage for m in ranked
        ):
            ranked = []
        shown = [
            m
            for m in ranked
            if (
                m.score >= bar.strong_score
                or (m.score >= bar.min_score and m.coverage >= bar.min_coverage)
            )
            and m.subject_share >= bar.min_subject_share
        ]
        sure = True
        if shown:
            floor = shown[0].score * bar.alternative_ratio
            shown = [shown[0]] + [m for m in shown[1:] if m.score >= floor]
            first = shown[0]
            runner_up = next((m for m in ranked if m is not first), Match(first.entry, 0.0))
            lead = first.score - runner_up.score
            sure = lead >= bar.sure_margin * first.score or (
                lead >= bar.close_margin * first.score and first.coverage >= runner_up.coverage
            )
        if emergency and self._emergency_entry:
            shown = self._acute_first(shown, ranked)
            sure = True
        return Answer(tuple(shown[:limit]), emergency, sure)

    def search(self, question: str, limit: int = 3) -> list[Match]:
        """The entries the card shows for this question (empty: 'I do not know')."""
        return list(self.answer(question, limit).matches)


def _commonness(frequency: int) -> float:
    """What a word of this frequency class weighs in a question (COMMONNESS)."""
    return COMMONNESS.get(frequency, COMMONNESS[7])


def _unknown_weight(frequency: int) -> float:
    """What a word the knowledge base does not know, of this frequency class, weighs against
    it: a rare word is probably what the question is about ('bouwvergunning'), a common one
    is not."""
    return UNKNOWN_WEIGHTS.get(frequency, UNKNOWN_WEIGHTS[7])


def _edits_allowed(length: int) -> int:
    """How many edits a typo in a word of this length may be from what was meant."""
    return 1 if length < TWO_EDITS_FROM else 2


def _letter_bits(word: str) -> int:
    """A bit per letter or digit a folded word has (a-z, 0-9)."""
    bits = 0
    for letter in set(word):
        bits |= 1 << LETTER_BIT[letter]
    return bits


def _undouble(root: str) -> str:
    """A verb root with its long vowel written single, as before -en: 'vraag' -> 'vrag'."""
    if len(root) > 3 and root[-2] in "aeou" and root[-3] == root[-2]:
        return root[:-2] + root[-1]
    return root


def _prefixes(a: str, b: str) -> Iterable[str]:
    """The longest common prefix of two words (as a one-item iterable)."""
    size = 0
    while size < min(len(a), len(b)) and a[size] == b[size]:
        size += 1
    yield a[:size]


# Working hours and pay that no employer may offer in the Netherlands: over 12 hours a day or
# 60 a week (the working-hours law's ceilings), or pay far below the minimum wage. Per unit
# of time: (the word after the number, the unit) -> the bound and whether the number is too
# much ('14 uur per dag') or too little ('3 euro per uur').
EXPLOITATIVE_TERMS = {
    ("uur", "dag"): (12, True),
    ("uur", "week"): (60, True),
    ("euro", "uur"): (8, False),
    ("euro", "dag"): (60, False),
    ("euro", "week"): (300, False),
    ("euro", "maand"): (900, False),
}
PER_WORDS = frozenset({"per", "p", "a", "in", "de", "een", "elke", "iedere", "n"})


def _is_exploitative_terms(words: Sequence[str], position: int) -> bool:
    """'14 uur per dag', '70 uur per week', '3 euro per uur', '500 euro per maand': hours or
    pay that point to labour exploitation. Looks at most four words ahead."""
    if len(words[position]) > 6 or position + 1 >= len(words):
        return False
    number, what = int(words[position]), words[position + 1]
    following = words[position + 2 : position + 6]
    for unit in following:
        if unit not in PER_WORDS:
            bound = EXPLOITATIVE_TERMS.get((what, unit))
            if bound is None:
                return False
            limit, too_much = bound
            return number > limit if too_much else 0 < number <= limit
    return False


def _is_minor_age(words: Sequence[str], position: int) -> bool:
    """'van 15', '16 jaar', '14-jarige': a number under 18 said as someone's age."""
    number = int(words[position]) if len(words[position]) <= 2 else 99
    if not 6 <= number < 18:
        return False
    before = words[position - 1] if position else ""
    after = words[position + 1] if position + 1 < len(words) else ""
    return before in MINOR_AGE_WORDS or after in MINOR_AGE_WORDS
