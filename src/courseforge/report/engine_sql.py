"""The few statements the analysis spells differently on DuckDB and ClickHouse (the functions
are in engine.Dialect): creating a table from a SELECT, and the neighbour-row window functions."""

from __future__ import annotations

import math


def create_table(engine, name: str, select: str) -> None:
    if engine.dialect.name == "clickhouse":
        engine.execute(f"DROP TABLE IF EXISTS {name}")
        engine.execute(f"CREATE TABLE {name} ENGINE = Memory AS {select}")
    else:
        engine.execute(f"CREATE OR REPLACE TABLE {name} AS {select}")


def next_value(engine, expr: str, partition: str, order: str) -> str:
    """`expr` on the row after this one (NULL on the last row)."""
    return _neighbour(engine, "lead", "CURRENT ROW AND 1 FOLLOWING", expr, partition, order)


def previous_value(engine, expr: str, partition: str, order: str) -> str:
    """`expr` on the row before this one (NULL on the first row)."""
    return _neighbour(engine, "lag", "1 PRECEDING AND CURRENT ROW", expr, partition, order)


def _neighbour(engine, function: str, frame: str, expr: str, partition: str, order: str) -> str:
    window = f"PARTITION BY {partition} ORDER BY {order}"
    if engine.dialect.name == "clickhouse":  # its lead/lag read within the frame only
        return f"{function}InFrame(toNullable({expr})) OVER ({window} ROWS BETWEEN {frame})"
    return f"{function}({expr}) OVER ({window})"


def figure(value) -> float | None:
    """A figure as the engine returned it; NULL, NaN and infinity (nothing to show) as None."""
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else value
