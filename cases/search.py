"""The stored search document of a text, for the similarity suggestions (DESIGN.md §5).

``SearchDocument`` is the expression of a stored generated column: the database keeps it
up to date on every insert and update, whichever code writes the text (a service, a bulk
import, the anonymisation of old cases), so it can never fall behind or keep text that was
removed. No Django signal receiver and no trigger is needed.

- PostgreSQL: a weighted ``tsvector`` with the Dutch configuration, the same value
  ``SearchVector(a, weight="A", config="dutch") + SearchVector(b, weight="B", ...)`` gives,
  GIN-indexed by the migrations that add it.
- SQLite (the embedded demo database): the lower-cased text itself. SQLite has no
  ``tsvector``; the suggestions there are a simpler word match and say so on the page
  (signals.similarity).
"""

from django.contrib.postgres.search import SearchVectorField
from django.db.models import Expression, F

# One configuration everywhere: the document and every query built against it.
CONFIG = "dutch"
WEIGHTS = ("A", "B", "C", "D")


class SearchDocument(Expression):
    """``SearchDocument(("title", "A"), ("description", "B"))``: the weighted Dutch
    document of these text columns of the same row."""

    output_field = SearchVectorField()

    def __init__(self, *weighted: tuple[str, str]):
        super().__init__()
        if not weighted or any(weight not in WEIGHTS for _name, weight in weighted):
            raise ValueError("give (column, weight) pairs with weights A-D")
        self.weighted = tuple(weighted)
        self.columns = [F(name) for name, _weight in weighted]

    def get_source_expressions(self):
        return self.columns

    def set_source_expressions(self, exprs):
        self.columns = list(exprs)

    def deconstruct(self):
        return ("cases.search.SearchDocument", self.weighted, {})

    def __eq__(self, other):
        return isinstance(other, SearchDocument) and other.weighted == self.weighted

    def __hash__(self):
        return hash(self.weighted)

    def _columns_sql(self, compiler, connection):
        parts = [compiler.compile(column) for column in self.columns]
        if any(params for _sql, params in parts):
            raise ValueError("a search document reads columns only")
        return [sql for sql, _params in parts]

    def as_sql(self, compiler, connection):
        # The literals are constants of this module, never input: a generated column's
        # expression cannot take parameters.
        columns = self._columns_sql(compiler, connection)
        if connection.vendor == "postgresql":
            pieces = [
                f"setweight(to_tsvector('{CONFIG}'::regconfig, COALESCE({sql}, '')), '{weight}')"
                for sql, (_name, weight) in zip(columns, self.weighted, strict=True)
            ]
            return "(" + " || ".join(pieces) + ")", []
        joined = " || ' ' || ".join(f"COALESCE({sql}, '')" for sql in columns)
        return f"lower({joined})", []
