"""Plural-Forms: the gettext expression grammar, parsed and evaluated safely.

A catalog's ``Plural-Forms: nplurals=N; plural=EXPRESSION;`` is C code to
gettext and JavaScript code to Jed-style libraries, so it is parsed here by a
small recursive-descent parser for exactly GNU gettext's grammar (plural-exp.y):

    expression  := or ('?' expression ':' expression)?
    or          := and ('||' and)*
    and         := equality ('&&' equality)*
    equality    := relation (('==' | '!=') relation)*
    relation    := additive (('<' | '>' | '<=' | '>=') additive)*
    additive    := term (('+' | '-') term)*
    term        := unary (('*' | '/' | '%') unary)*
    unary       := '!' unary | 'n' | NUMBER | '(' expression ')'

and evaluated over unsigned 64-bit integers, like gettext's ``unsigned long``.
Nothing is ever handed to ``eval``. Like ``msgfmt -c``, the expression is
evaluated for n = 0 … 1000: a division by zero, or a value ≥ nplurals, is an
error. What outputs carry (MO headers, JSON bundles) is ``canonical``: the
count and the expression exactly as parsed, without anything after it, so no
text the parser did not accept can reach a JavaScript ``new Function``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MAX_DEPTH = 40  # nesting of parentheses, operators and '?:' (real rules need < 10)
MAX_LENGTH = 500  # characters of an expression (the longest real rule has ~120)
CHECKED_UP_TO = 1000  # n = 0 … 1000 are evaluated, as msgfmt -c does
_MASK = (1 << 64) - 1

_TWO_CHARACTER = ("||", "&&", "==", "!=", "<=", ">=")
_ONE_CHARACTER = frozenset("-+*/%<>!?:()")
_PRECEDENCE = (("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%"))


class PluralFormsError(ValueError):
    """An invalid Plural-Forms header; the message says what is wrong."""


@dataclass(frozen=True, slots=True)
class Node:
    """One node of an expression tree: ``op`` is 'n', 'number', '!', '?:' or a binary operator."""

    op: str
    args: tuple[Node, ...] = ()
    value: int = 0


@dataclass(frozen=True, slots=True)
class PluralForms:
    """A parsed Plural-Forms header."""

    count: int
    expression: Node
    text: str  # the expression as written: grammar tokens and spaces only

    def index(self, n: int) -> int:
        """The plural form for ``n`` (always in 0 … count-1 for a checked header)."""
        return evaluate(self.expression, n)

    @property
    def canonical(self) -> str:
        """The header as outputs carry it: what was parsed, nothing after it."""
        return f"nplurals={self.count}; plural={' '.join(self.text.split())};"


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.position = 0
        self.depth = 0

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            wanted = f"{expected!r}" if expected else "more"
            raise PluralFormsError(f"invalid plural expression: expected {wanted}")
        self.position += 1
        return token

    def expression(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise PluralFormsError(f"plural expression nested more than {MAX_DEPTH} deep")
        condition = self.binary(0)
        if self.peek() == "?":
            self.take("?")
            then = self.expression()
            self.take(":")
            otherwise = self.expression()
            condition = Node("?:", (condition, then, otherwise))
        self.depth -= 1
        return condition

    def binary(self, level: int) -> Node:
        if level == len(_PRECEDENCE):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in _PRECEDENCE[level]:
            op = self.take()
            left = Node(op, (left, self.binary(level + 1)))
        return left

    def unary(self) -> Node:
        token = self.take()
        if token == "!":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise PluralFormsError(f"plural expression nested more than {MAX_DEPTH} deep")
            operand = self.unary()
            self.depth -= 1
            return Node("!", (operand,))
        if token == "n":
            return Node("n")
        if token.isdigit():
            return Node("number", value=int(token) & _MASK)
        if token == "(":
            inner = self.expression()
            self.take(")")
            return inner
        raise PluralFormsError(f"invalid plural expression: unexpected {token!r}")


def _tokenize(text: str) -> list[str]:
    if len(text) > MAX_LENGTH:
        raise PluralFormsError(f"plural expression longer than {MAX_LENGTH} characters")
    tokens: list[str] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char.isspace():
            position += 1
        elif char.isascii() and char.isdigit():
            end = position
            while end < len(text) and text[end].isascii() and text[end].isdigit():
                end += 1
            tokens.append(text[position:end])
            position = end
        elif text[position : position + 2] in _TWO_CHARACTER:
            tokens.append(text[position : position + 2])
            position += 2
        elif char == "n" or char in _ONE_CHARACTER:
            tokens.append(char)
            position += 1
        else:
            bad = text[position:].strip()[:20]
            raise PluralFormsError(f"invalid plural expression: unexpected {bad!r}")
    return tokens


def parse_expression(text: str) -> Node:
    """The tree of a plural expression; PluralFormsError when it is not one."""
    parser = _Parser(text)
    if not parser.tokens:
        raise PluralFormsError("invalid plural expression: it is empty")
    node = parser.expression()
    if parser.peek() is not None:
        raise PluralFormsError(f"invalid plural expression: unexpected {parser.peek()!r}")
    return node


def evaluate(node: Node, n: int) -> int:
    """The value of ``node`` for ``n``, in unsigned 64-bit arithmetic like gettext.

    ZeroDivisionError on a division by zero (``check`` rules those out).
    """
    op = node.op
    if op == "n":
        return n & _MASK
    if op == "number":
        return node.value
    if op == "!":
        return int(not evaluate(node.args[0], n))
    if op == "?:":
        return evaluate(node.args[1] if evaluate(node.args[0], n) else node.args[2], n)
    if op == "||":
        return int(bool(evaluate(node.args[0], n)) or bool(evaluate(node.args[1], n)))
    if op == "&&":
        return int(bool(evaluate(node.args[0], n)) and bool(evaluate(node.args[1], n)))
    left, right = evaluate(node.args[0], n), evaluate(node.args[1], n)
    if op == "+":
        return (left + right) & _MASK
    if op == "-":
        return (left - right) & _MASK
    if op == "*":
        return (left * right) & _MASK
    if op == "/":
        return left // right
    if op == "%":
        return left % right
    return int(
        {
            "==": left == right,
            "!=": left != right,
            "<": left < right,
            ">": left > right,
            "<=": left <= right,
            ">=": left >= right,
        }[op]
    )


_COUNT = re.compile(r"nplurals\s*=\s*(\d+)", re.ASCII)


@lru_cache(maxsize=64)
def parse_plural_forms(value: str) -> PluralForms:
    """Parse and check a Plural-Forms header value as ``msgfmt -c`` does.

    Like gettext, the expression runs from ``plural=`` to the next ``;`` (or
    the end); ``nplurals`` must be at least 1, every value for n = 0 … 1000
    below it, and no division by zero.
    """
    count_match = _COUNT.search(value)
    start = value.find("plural=")
    if count_match is None or start < 0:
        raise PluralFormsError(f"Plural-Forms {value!r} is not 'nplurals=N; plural=EXPRESSION;'")
    count = int(count_match.group(1))
    if count < 1:
        raise PluralFormsError(f"Plural-Forms {value!r}: nplurals must be at least 1")
    text = value[start + len("plural=") :].split(";", 1)[0]
    forms = PluralForms(count, parse_expression(text), text.strip())
    for n in range(CHECKED_UP_TO + 1):
        try:
            index = forms.index(n)
        except ZeroDivisionError:
            raise PluralFormsError(
                f"Plural-Forms {value!r}: the expression divides by zero (n = {n})"
            ) from None
        if index >= count:
            raise PluralFormsError(
                f"Plural-Forms {value!r}: nplurals = {count} but the expression gives {index} "
                f"for n = {n}"
            )
    return forms


def is_placeholder(value: str) -> bool:
    """A template's ``nplurals=INTEGER; plural=EXPRESSION;``, filled in by ``update``."""
    return "INTEGER" in value or "EXPRESSION" in value


def output_header(header: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Header fields as compiled outputs carry them: Plural-Forms as parsed
    (``canonical``); one the grammar does not accept is left out."""
    fields: list[tuple[str, str]] = []
    for name, value in header:
        if name.lower() == "plural-forms":
            try:
                value = parse_plural_forms(value).canonical
            except PluralFormsError:
                continue
        fields.append((name, value))
    return fields
