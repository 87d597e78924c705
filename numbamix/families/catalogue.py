"""The family catalogue as a document, generated from the registry (``docs/families.md``).

``python -m numbamix families`` prints it; a test keeps ``docs/families.md`` equal
to it, so the documentation of the families cannot drift from the code.
"""

import inspect

from ._registry import FAMILIES


def _parameters(params):
    return ", ".join(f"`{p.name}`" + ("" if p.default is None else f" = {p.default:g}") + f" ({p.domain.description})"
                     for p in params)


def markdown(names=None):
    """Markdown of the registered families ``names`` (default: all): parameters,
    parametrisations, kind, and each module's docstring (formulas, support, accuracy)."""
    names = sorted(FAMILIES if names is None else names)
    lines = [
        "# Component families",
        "",
        "Generated from the family registry by `python -m numbamix families`; do not edit by hand.",
        "Every family is built with `.dist(...)` using PyMC's names, positional arguments in the",
        "order of its first parametrisation; each is a valid `Mixture` component (list or batched form).",
        "`Categorical(p | logit_p)` (categories on the last axis of `p`) is documented in the user guide.",
        "",
        "| family | kind | parameters | alternatives |",
        "| --- | --- | --- | --- |",
    ]
    for name in names:
        family = FAMILIES[name]
        alternatives = "; ".join(", ".join(p.names) for p in family.alternatives) or "-"
        kind = "discrete" if family.discrete else "continuous"
        lines.append(f"| [`{name}`](#{name.lower()}) | {kind} | {', '.join(family.names)} | {alternatives} |")
    for name in names:
        family = FAMILIES[name]
        lines += ["", f"## {name}", "", f"Parameters: {_parameters(family.params)}."]
        for alternative in family.alternatives:
            lines.append(f"Also: {_parameters(alternative.params)}.")
        lines += ["", "```text", inspect.cleandoc(family.doc), "```"]
    return "\n".join(lines) + "\n"
