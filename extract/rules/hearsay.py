"""Figures the region does not state as its own: forecasts of others, opinions, guesses.

GOLD.md: numbers describing third parties (an IMF forecast) are not items. News pages
about a report also quote pundits (`一些观点认为…比如30%`) and guesses
(`比重可能早就低于30%`): neither is a target the government sets nor a result it reports.
"""

from __future__ import annotations

import re

# Someone else speaks for the rest of the sentence: an outside forecaster, or a view
# the writer reports (`有观点认为`, `专家预计`, `据某机构预测`).
_OTHERS_SPEAK = re.compile(
    # the lookahead on first characters lets `re` skip most starts in one test (1.5x faster)
    r"(?=[国I世全观业分专学据])(?:"
    r"国际货币基金组织|IMF|世界经济|全球经济|世界银行|观点认为|业内人士|分析人士|"
    r"(?:专家|学者|分析师)(?:们)?(?:普遍)?(?:认为|预计|预测|估计|指出|表示)|"
    r"据[^，,。；;]{1,12}预测)"
)
# A guess about the figure in its own clause (`可能早就低于30%`, `或将突破`); 可能 as a
# noun (`兼顾需要和可能`, `所有可能的应用场景`) is not followed by these.
_GUESS = re.compile(
    r"或将|或许|也许|大概|恐怕|"
    r"可能(?:早就|早已|已经|已|会|将|还|仍|要|只有|不足|超过|低于|高于|达到|接近|在)"
)


def others_speak(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] (a sentence, or its part before a figure) cites others."""
    return _OTHERS_SPEAK.search(text, start, end) is not None


def guessed(text: str, clause: int, at: int) -> bool:
    """Whether the clause text[clause:at] before a figure only guesses at it."""
    return _GUESS.search(text, clause, at) is not None
