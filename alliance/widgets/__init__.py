"""ipywidgets versions of the course's interactions, for readers who run a chapter in JupyterLab.

In the web book these cells show their code but not their output (there is no Python behind a
static page); the Altair charts are the interaction there. Each topic has its own module, and
reads the teaching content it shows from :mod:`alliance.content`, as the charts do, and takes
its HTML (tables, reports, notes) from its own template in ``alliance/templates/widgets/``,
filled in with every value escaped (:func:`alliance.templates.render`).
Nothing here may wait for input, so executing a chapter at build never hangs.
"""
