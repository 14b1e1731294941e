"""The text form's machinery: reading raw page dumps and the canonical text form.

``newsitem.codecs.text_codec`` is the public face; the modules here are internal:

- ``source``: bytes and text to numbered, normalised lines (encoding errors, BOM, CRLF).
- ``vocab``: the packaged vocabularies (``data/vocab/``): field terms, chrome, rights wording.
- ``split``: vocabulary-aware splitting of glued list values.
- ``raw``: the zone parser for raw page dumps.
- ``canonical``: the canonical writer and its exact reader.
- ``findings``: the warnings and the line map shared by both readers.
"""
