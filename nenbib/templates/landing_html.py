# Generated from landing.html.j2 by nenbib.formats.html.write_compiled_template(): do not edit.
# fmt: off
# ruff: noqa
# mypy: ignore-errors
from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = None

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_page_title = resolve('page_title')
    l_0_single = resolve('single')
    l_0_articles = resolve('articles')
    l_0_a = resolve('a')
    l_0_jsonld = resolve('jsonld')
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    yield '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; script-src \'unsafe-inline\'">\n<title>'
    yield escape((undefined(name='page_title') if l_0_page_title is missing else l_0_page_title))
    yield '</title>\n'
    if (undefined(name='single') if l_0_single is missing else l_0_single):
        pass
        l_0_a = environment.getitem((undefined(name='articles') if l_0_articles is missing else l_0_articles), 0)
        context.vars['a'] = l_0_a
        context.exported_vars.add('a')
        if environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'abstract_text'):
            pass
            yield '<meta name="description" content="'
            yield escape(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'description'))
            yield '">\n'
        if environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'doi_url'):
            pass
            yield '<link rel="canonical" href="'
            yield escape(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'doi_url'))
            yield '">\n'
        for (l_1_name, l_1_content) in environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'highwire'):
            _loop_vars = {}
            pass
            yield '<meta name="'
            yield escape(l_1_name)
            yield '" content="'
            yield escape(l_1_content)
            yield '">\n'
        l_1_name = l_1_content = missing
        yield '<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">\n'
        for (l_1_name, l_1_content) in environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'dublin_core'):
            _loop_vars = {}
            pass
            yield '<meta name="'
            yield escape(l_1_name)
            yield '" content="'
            yield escape(l_1_content)
            yield '">\n'
        l_1_name = l_1_content = missing
    yield '<script type="application/ld+json">\n'
    for l_1_block in (undefined(name='jsonld') if l_0_jsonld is missing else l_0_jsonld):
        _loop_vars = {}
        pass
        yield escape(l_1_block)
    l_1_block = missing
    yield '\n</script>\n<style>\n:root { color-scheme: light; }\n* { box-sizing: border-box; }\nbody { margin: 0; background: #ffffff; color: #1b1b1b; font: 1.0625rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }\nmain { max-width: 46rem; margin: 0 auto; padding: 1.25rem 1rem 2.5rem; }\nh1 { font-size: 1.6rem; line-height: 1.25; margin: 0.25rem 0 0.75rem; }\nh2 { font-size: 1.2rem; margin: 1.75rem 0 0.5rem; border-bottom: 1px solid #d0d0d0; padding-bottom: 0.25rem; }\nh3 { font-size: 1.05rem; margin: 1.25rem 0 0.4rem; }\na { color: #0a4fa0; }\na:focus-visible, button:focus-visible { outline: 3px solid #b35c00; outline-offset: 2px; }\n.journal { color: #3d3d3d; margin: 0; font-size: 0.95rem; }\n.authors { list-style: none; padding: 0; margin: 0 0 0.5rem; display: flex; flex-wrap: wrap; gap: 0 1rem; font-weight: 600; }\n.affiliations { padding-left: 1.4rem; margin: 0.25rem 0 0.75rem; color: #333333; font-size: 0.9rem; }\n.affiliations.single { list-style: none; padding-left: 0; }\n.note { font-size: 0.9rem; color: #3d3d3d; margin: 0.25rem 0; }\n.doi, .reference, .affiliations, .downloads { overflow-wrap: anywhere; }\n.keywords { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 0.4rem; }\n.keywords li { background: #eef2f7; border: 1px solid #c4cfdc; border-radius: 1rem; padding: 0.1rem 0.7rem; font-size: 0.9rem; }\n.reference { background: #f6f6f6; border-left: 4px solid #0a4fa0; padding: 0.75rem 1rem; margin: 0 0 0.75rem; }\n.reference .csl-entry { margin: 0; }\nbutton { font: inherit; font-size: 0.95rem; color: #ffffff; background: #0a4fa0; border: 0; border-radius: 0.3rem; padding: 0.5rem 1rem; cursor: pointer; min-height: 44px; }\nbutton.copied { background: #1d6b2f; }\n.status { margin-left: 0.75rem; font-size: 0.9rem; color: #1d6b2f; }\n.downloads { padding-left: 1.2rem; }\n.downloads li { margin: 0.3rem 0; }\n.downloads span { color: #3d3d3d; font-size: 0.9rem; }\nfooter { max-width: 46rem; margin: 0 auto; padding: 1rem; color: #4a4a4a; font-size: 0.85rem; border-top: 1px solid #d0d0d0; }\n@media (max-width: 30rem) {\n  body { font-size: 1rem; }\n  h1 { font-size: 1.35rem; }\n  main { padding: 1rem 0.85rem 2rem; }\n  .status { display: block; margin: 0.5rem 0 0; }\n}\n</style>\n</head>\n<body>\n<main>\n'
    if (not (undefined(name='single') if l_0_single is missing else l_0_single)):
        pass
        yield '<h1>'
        yield escape((undefined(name='page_title') if l_0_page_title is missing else l_0_page_title))
        yield '</h1>\n'
    for l_1_a in (undefined(name='articles') if l_0_articles is missing else l_0_articles):
        l_1_h = missing
        _loop_vars = {}
        pass
        l_1_h = (1 if (undefined(name='single') if l_0_single is missing else l_0_single) else 2)
        _loop_vars['h'] = l_1_h
        yield '<article id="'
        yield escape(environment.getattr(l_1_a, 'id'))
        yield '"'
        if environment.getattr(l_1_a, 'lang'):
            pass
            yield ' lang="'
            yield escape(environment.getattr(l_1_a, 'lang'))
            yield '"'
        yield '>\n<p class="journal">'
        yield escape(environment.getattr(l_1_a, 'journal_line'))
        yield '</p>\n<h'
        yield escape((undefined(name='h') if l_1_h is missing else l_1_h))
        yield ' dir="auto">'
        yield escape(environment.getattr(l_1_a, 'title'))
        yield '</h'
        yield escape((undefined(name='h') if l_1_h is missing else l_1_h))
        yield '>\n<ul class="authors">\n'
        for l_2_au in environment.getattr(l_1_a, 'authors'):
            _loop_vars = {}
            pass
            yield '<li dir="auto">'
            yield escape(environment.getattr(l_2_au, 'name'))
            if environment.getattr(l_2_au, 'marks'):
                pass
                yield '<sup>'
                yield escape(environment.getattr(l_2_au, 'marks'))
                yield '</sup>'
            if environment.getattr(l_2_au, 'corresponding'):
                pass
                yield '<span aria-label="corresponding author" title="corresponding author">*</span>'
            yield '</li>\n'
        l_2_au = missing
        yield '</ul>\n'
        if environment.getattr(l_1_a, 'affiliations'):
            pass
            yield '<ol class="affiliations'
            if (t_1(environment.getattr(l_1_a, 'affiliations')) == 1):
                pass
                yield ' single'
            yield '">\n'
            for l_2_aff in environment.getattr(l_1_a, 'affiliations'):
                _loop_vars = {}
                pass
                yield '<li dir="auto">'
                yield escape(l_2_aff)
                yield '</li>\n'
            l_2_aff = missing
            yield '</ol>\n'
        if environment.getattr(l_1_a, 'has_corresponding'):
            pass
            yield '<p class="note" lang="en">* Corresponding author</p>\n'
        if environment.getattr(l_1_a, 'doi_url'):
            pass
            yield '<p class="doi" lang="en">DOI: <a href="'
            yield escape(environment.getattr(l_1_a, 'doi_url'))
            yield '">'
            yield escape(environment.getattr(l_1_a, 'doi_url'))
            yield '</a></p>\n'
        if environment.getattr(l_1_a, 'abstract'):
            pass
            yield '<section aria-labelledby="'
            yield escape(environment.getattr(l_1_a, 'id'))
            yield '-abstract">\n<h'
            yield escape(((undefined(name='h') if l_1_h is missing else l_1_h) + 1))
            yield ' id="'
            yield escape(environment.getattr(l_1_a, 'id'))
            yield '-abstract" lang="en">Abstract</h'
            yield escape(((undefined(name='h') if l_1_h is missing else l_1_h) + 1))
            yield '>\n'
            for l_2_para in environment.getattr(l_1_a, 'abstract'):
                _loop_vars = {}
                pass
                yield '<p dir="auto">'
                yield escape(l_2_para)
                yield '</p>\n'
            l_2_para = missing
            yield '</section>\n'
        if environment.getattr(l_1_a, 'keywords'):
            pass
            yield '<section aria-labelledby="'
            yield escape(environment.getattr(l_1_a, 'id'))
            yield '-keywords">\n<h'
            yield escape(((undefined(name='h') if l_1_h is missing else l_1_h) + 1))
            yield ' id="'
            yield escape(environment.getattr(l_1_a, 'id'))
            yield '-keywords" lang="en">Keywords</h'
            yield escape(((undefined(name='h') if l_1_h is missing else l_1_h) + 1))
            yield '>\n<ul class="keywords">\n'
            for l_2_k in environment.getattr(l_1_a, 'keywords'):
                _loop_vars = {}
                pass
                yield '<li dir="auto">'
                yield escape(l_2_k)
                yield '</li>\n'
            l_2_k = missing
            yield '</ul>\n</section>\n'
        if environment.getattr(l_1_a, 'reference_text'):
            pass
            yield '<section aria-labelledby="'
            yield escape(environment.getattr(l_1_a, 'id'))
            yield '-cite" lang="en">\n<h'
            yield escape(((undefined(name='h') if l_1_h is missing else l_1_h) + 1))
            yield ' id="'
            yield escape(environment.getattr(l_1_a, 'id'))
            yield '-cite">Cite this article</h'
            yield escape(((undefined(name='h') if l_1_h is missing else l_1_h) + 1))
            yield '>\n<div class="reference" id="'
            yield escape(environment.getattr(l_1_a, 'id'))
            yield '-reference">'
            yield escape(environment.getattr(l_1_a, 'reference_html'))
            yield '</div>\n<button type="button" class="copy" data-target="'
            yield escape(environment.getattr(l_1_a, 'id'))
            yield '-reference" data-text="'
            yield escape(environment.getattr(l_1_a, 'reference_text'))
            yield '">Copy reference</button><span class="status" role="status" aria-live="polite"></span>\n<p class="note">'
            yield escape(environment.getattr(l_1_a, 'style_note'))
            yield '</p>\n</section>\n'
        if environment.getattr(l_1_a, 'downloads'):
            pass
            yield '<section aria-labelledby="'
            yield escape(environment.getattr(l_1_a, 'id'))
            yield '-downloads" lang="en">\n<h'
            yield escape(((undefined(name='h') if l_1_h is missing else l_1_h) + 1))
            yield ' id="'
            yield escape(environment.getattr(l_1_a, 'id'))
            yield '-downloads">Download the reference</h'
            yield escape(((undefined(name='h') if l_1_h is missing else l_1_h) + 1))
            yield '>\n<ul class="downloads">\n'
            for l_2_d in environment.getattr(l_1_a, 'downloads'):
                _loop_vars = {}
                pass
                yield '<li><a href="'
                yield escape(environment.getattr(l_2_d, 'href'))
                yield '" download type="'
                yield escape(environment.getattr(l_2_d, 'media_type'))
                yield '">'
                yield escape(environment.getattr(l_2_d, 'name'))
                yield '</a> <span>'
                yield escape(environment.getattr(l_2_d, 'description'))
                yield '</span></li>\n'
            l_2_d = missing
            yield '</ul>\n</section>\n'
        if environment.getattr(l_1_a, 'coins'):
            pass
            yield '<span class="Z3988" title="'
            yield escape(environment.getattr(l_1_a, 'coins'))
            yield '"></span>\n'
        yield '</article>\n'
    l_1_a = l_1_h = missing
    yield '</main>\n<footer>Made by nenbib from the record'
    if (not (undefined(name='single') if l_0_single is missing else l_0_single)):
        pass
        yield 's'
    yield ' of '
    if (undefined(name='single') if l_0_single is missing else l_0_single):
        pass
        yield 'this article'
    else:
        pass
        yield 'these articles'
    yield '.</footer>\n<script>\n"use strict";\n(function () {\n  function done(button, ok) {\n    var status = button.nextElementSibling;\n    if (ok) {\n      button.textContent = "Copied";\n      button.classList.add("copied");\n      status.textContent = "The reference is on the clipboard.";\n    } else {\n      status.textContent = "Copying is blocked here: the reference is selected, press Ctrl+C (Cmd+C on a Mac).";\n    }\n  }\n  function fallback(button, text) {\n    var area = document.createElement("textarea");\n    area.value = text;\n    area.setAttribute("readonly", "");\n    area.style.position = "fixed";\n    area.style.opacity = "0";\n    document.body.appendChild(area);\n    area.select();\n    var ok = false;\n    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }\n    document.body.removeChild(area);\n    if (!ok) {\n      var range = document.createRange();\n      range.selectNodeContents(document.getElementById(button.dataset.target));\n      var selection = window.getSelection();\n      selection.removeAllRanges();\n      selection.addRange(range);\n    }\n    done(button, ok);\n  }\n  document.querySelectorAll("button.copy").forEach(function (button) {\n    button.addEventListener("click", function () {\n      var text = button.dataset.text;\n      if (navigator.clipboard && window.isSecureContext) {\n        navigator.clipboard.writeText(text).then(function () { done(button, true); }, function () { fallback(button, text); });\n      } else {\n        fallback(button, text);\n      }\n    });\n  });\n})();\n</script>\n</body>\n</html>\n'

blocks = {}
debug_info = '7=23&8=25&9=27&10=30&12=35&14=40&17=50&21=60&60=66&62=71&63=75&64=78&65=86&66=88&68=94&71=110&72=117&76=125&78=128&80=135&81=140&82=146&86=154&87=159&89=165&94=173&95=178&96=184&97=188&98=192&101=194&102=199&104=205&109=219&114=227'
JINJA2_VERSION = '3.1.6'
SOURCE_SHA256 = 'cf95fb2f666042d756dce51a578ba786e6394763351dd4402332a9d065bcb26a'
