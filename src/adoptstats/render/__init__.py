"""The rendering layer: every way a result is shown, built from the result object and its caveats.

Statistics never format text and renderers never compute statistics.  The modules:

- :mod:`adoptstats.render.numbers`: the one number and interval formatter (CLDR symbols);
- :mod:`adoptstats.render.wording`: the phrases, as whole messages of the catalogues
  (:mod:`adoptstats.i18n`), in English, French, Dutch and German;
- :mod:`adoptstats.render.verdicts`: verdicts and standings as one word;
- :mod:`adoptstats.render.notes`: numbered caveat notes;
- :mod:`adoptstats.render.text`: terminal tables (``str()`` of a result);
- :mod:`adoptstats.render.paragraph`: the one-paragraph summaries (``summary(lang)``);
- :mod:`adoptstats.render.html`: notebook HTML (``_repr_html_``).

This package imports nothing heavy; each renderer is loaded when a result is shown.
"""
