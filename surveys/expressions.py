"""The XPath subset of XLSForm's relevant, constraint, choice_filter and calculation.

    ast = parse("${tuoi} >= 18 and selected(${kenh}, 'zalo')")
    evaluate(ast, answers, current=value)

parse() turns an expression into a small tree of JSON lists that the respondent's page evaluates
with the same rules (static/js/survey.js), so skip logic and constraints agree on both sides.
Supported: ${name}, "." (the current answer), numbers, 'strings', = != < <= > >=, and, or, + - * div
mod, parentheses and the functions in FUNCTIONS. Anything else is refused with a Vietnamese message.
"""

import datetime
import math
import re

TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<str>'[^']*'|\"[^\"]*\")|(?P<ref>\$\{[A-Za-z_][\w.-]*\})"
    r"|(?P<op>!=|<=|>=|=|<|>|\+|-|\*|\(|\)|,)|(?P<name>[A-Za-z_][\w-]*(?::[\w-]+)?)|(?P<dot>\.))"
)
FUNCTIONS = {
    "selected",
    "count-selected",
    "string-length",
    "regex",
    "not",
    "if",
    "number",
    "int",
    "round",
    "string",
    "concat",
    "contains",
    "starts-with",
    "coalesce",
    "today",
    "true",
    "false",
}
COMPARISONS = ("=", "!=", "<", "<=", ">", ">=")


class ExpressionError(ValueError):
    """An expression outside the supported subset (the message is Vietnamese)."""


def _tokens(text):
    position, out = 0, []
    text = text.strip()
    while position < len(text):
        match = TOKEN.match(text, position)
        if not match or match.end() == position:
            raise ExpressionError(f"Biểu thức không hợp lệ gần «{text[position : position + 12]}».")
        position = match.end()
        kind = match.lastgroup
        out.append((kind, match.group(kind)))
    return out


class _Parser:
    def __init__(self, text):
        self.tokens = _tokens(text)
        self.i = 0

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self, value=None):
        token = self.peek()
        if token[0] is None or (value is not None and token[1] != value):
            raise ExpressionError(f"Biểu thức thiếu «{value or '...'}».")
        self.i += 1
        return token

    def binary(self, operators, lower):
        node = lower()
        while self.peek()[1] in operators and self.peek()[0] in ("op", "name"):
            operator = self.take()[1]
            node = ["op", operator, node, lower()]
        return node

    def expression(self):
        return self.binary(("or",), lambda: self.binary(("and",), self.comparison))

    def comparison(self):
        return self.binary(COMPARISONS, lambda: self.binary(("+", "-"), self.product))

    def product(self):
        return self.binary(("*", "div", "mod"), self.unary)

    def unary(self):
        if self.peek()[1] == "-":
            self.take()
            return ["neg", self.unary()]
        return self.primary()

    def primary(self):
        kind, value = self.take()
        if kind == "num":
            return ["num", float(value)]
        if kind == "str":
            return ["str", value[1:-1]]
        if kind == "ref":
            return ["ref", value[2:-1]]
        if kind == "dot":
            return ["self"]
        if kind == "op" and value == "(":
            node = self.expression()
            self.take(")")
            return node
        if kind == "name" and self.peek()[1] == "(":
            if value not in FUNCTIONS:
                raise ExpressionError(f"Hàm «{value}()» chưa được hỗ trợ.")
            self.take("(")
            args = []
            while self.peek()[1] != ")":
                args.append(self.expression())
                if self.peek()[1] == ",":
                    self.take(",")
            self.take(")")
            return ["fn", value, args]
        if kind == "name":
            # a bare name in a choice_filter is a column of the choices sheet (e.g. district = ${d})
            return ["col", value]
        raise ExpressionError(f"Biểu thức không hợp lệ ở «{value}».")


def parse(text):
    """The tree of an expression, or None for an empty one; ExpressionError when unsupported."""
    if not text or not text.strip():
        return None
    parser = _Parser(text)
    node = parser.expression()
    if parser.i != len(parser.tokens):
        raise ExpressionError(f"Biểu thức thừa phần «{parser.tokens[parser.i][1]}».")
    return node


def references(node):
    """The question names an expression reads."""
    if not isinstance(node, list):
        return set()
    if node[0] == "ref":
        return {node[1]}
    found = set()
    for part in node[1:]:
        if isinstance(part, list):
            for item in part if part and isinstance(part[0], list) else [part]:
                found |= references(item)
    return found


def _number(value):
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, list):
        return math.nan
    try:
        return float(str(value).strip())
    except ValueError:
        return math.nan


def _text(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def truthy(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return not math.isnan(value) and value != 0
    return bool(value)


def _compare(operator, left, right):
    numeric = any(isinstance(v, int | float) and not isinstance(v, bool) for v in (left, right))
    if operator in ("=", "!=") and not numeric:
        equal = _text(left) == _text(right)
        return equal if operator == "=" else not equal
    a, b = _number(left), _number(right)
    if math.isnan(a) or math.isnan(b):
        return operator == "!="
    return {"=": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[operator]


def _arith(operator, left, right):
    a, b = _number(left), _number(right)
    if operator == "+":
        return a + b
    if operator == "-":
        return a - b
    if operator == "*":
        return a * b
    if b == 0:
        return math.nan
    return a / b if operator == "div" else math.fmod(a, b)


def _selected(value, choice):
    items = value if isinstance(value, list) else _text(value).split()
    return _text(choice) in [_text(v) for v in items]


def _call(name, args):
    if name == "selected":
        return _selected(args[0], args[1])
    if name == "count-selected":
        return float(len(args[0]) if isinstance(args[0], list) else len(_text(args[0]).split()))
    if name == "string-length":
        return float(len(_text(args[0])))
    if name == "regex":
        return re.search(_text(args[1]), _text(args[0])) is not None
    if name == "not":
        return not truthy(args[0])
    if name == "if":
        return args[1] if truthy(args[0]) else args[2]
    if name in ("number", "int", "round"):
        number = _number(args[0])
        if name == "int" and not math.isnan(number):
            return float(math.trunc(number))
        return float(round(number)) if name == "round" and not math.isnan(number) else number
    if name in ("string", "concat"):
        return "".join(_text(a) for a in args)
    if name == "contains":
        return _text(args[1]) in _text(args[0])
    if name == "starts-with":
        return _text(args[0]).startswith(_text(args[1]))
    if name == "coalesce":
        return args[0] if _text(args[0]) != "" else args[1]
    if name == "today":
        return datetime.date.today().isoformat()
    return name == "true"


def evaluate(node, answers, current=None, row=None):
    """The value of a parsed expression given the answers so far (missing answers read as "")."""
    if node is None:
        return True
    kind = node[0]
    if kind in ("num", "str"):
        return node[1]
    if kind == "ref":
        value = answers.get(node[1])
        return "" if value is None else value
    if kind == "self":
        return "" if current is None else current
    if kind == "col":
        return (row or {}).get(node[1], "")
    if kind == "neg":
        return -_number(evaluate(node[1], answers, current, row))
    if kind == "fn":
        return _call(node[1], [evaluate(arg, answers, current, row) for arg in node[2]])
    operator, left = node[1], evaluate(node[2], answers, current, row)
    if operator == "and":
        return truthy(left) and truthy(evaluate(node[3], answers, current, row))
    if operator == "or":
        return truthy(left) or truthy(evaluate(node[3], answers, current, row))
    right = evaluate(node[3], answers, current, row)
    if operator in COMPARISONS:
        return _compare(operator, left, right)
    return _arith(operator, left, right)


def holds(text, answers, current=None, row=None):
    """True when the expression (relevant, constraint, choice_filter) holds; an empty one holds."""
    return truthy(evaluate(parse(text), answers, current, row)) if text else True
