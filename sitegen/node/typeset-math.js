// Typeset the TeX in built HTML pages with MathJax (mathjax-full), in place.
//
//   node sitegen/node/typeset-math.js SITE_DIR PAGE.html...
//
// kramdown writes math as \( \) and \[ \]; this turns it into CommonHTML with
// hidden MathML beside it for screen readers (MathJax's assistive-mml), puts
// the CSS the page needs in its <head>, preloads the fonts that CSS uses, and
// removes the run-time MathJax script, so a reader never sees raw TeX and the
// page does not move when math appears.
"use strict";

const fs = require("fs");
const path = require("path");
const {mathjax} = require("mathjax-full/js/mathjax.js");
const {TeX} = require("mathjax-full/js/input/tex.js");
const {CHTML} = require("mathjax-full/js/output/chtml.js");
const {liteAdaptor} = require("mathjax-full/js/adaptors/liteAdaptor.js");
const {RegisterHTMLHandler} = require("mathjax-full/js/handlers/html.js");
const {AssistiveMmlHandler} = require("mathjax-full/js/a11y/assistive-mml.js");
const {AllPackages} = require("mathjax-full/js/input/tex/AllPackages.js");
// Every named HTML entity up front (&rarr; …): MathJax would otherwise fetch
// their tables asynchronously, which a synchronous page render cannot wait for.
require("mathjax-full/js/util/entities/all.js");

const FONTS = "assets/vendor/mathjax/output/chtml/fonts/woff-v2";

function typeset(siteDir, file, adaptor) {
  const text = fs.readFileSync(file, "utf8");
  // Fonts are found relative to the page, so the site works under any base URL.
  const toRoot = path.relative(path.dirname(file), siteDir).split(path.sep).join("/");
  const fontURL = (toRoot ? toRoot + "/" : "") + FONTS;
  const page = mathjax.document(text, {
    InputJax: new TeX({packages: AllPackages.filter((name) => name !== "bussproofs"),
                       inlineMath: [["\\(", "\\)"]], displayMath: [["\\[", "\\]"]]}),
    OutputJax: new CHTML({fontURL, adaptiveCSS: true}),
  });
  page.render();
  const count = Array.from(page.math).length;
  // A TeX error shows the reader "Math input error": name it here too (the
  // browser tests fail on it).
  for (const error of adaptor.tags(adaptor.body(page.document), "mjx-merror")) {
    console.error(`warning: ${path.relative(siteDir, file)}: TeX error: ${adaptor.getAttribute(error, "data-mjx-error")}`);
  }
  const head = adaptor.head(page.document);
  for (const script of adaptor.tags(head, "script")) {
    if (adaptor.hasAttribute(script, "data-mathjax-runtime")) adaptor.remove(script);
  }
  if (count === 0) {
    adaptor.remove(page.outputJax.chtmlStyles);
  } else {
    for (const href of usedFonts(adaptor.textContent(page.outputJax.chtmlStyles),
                                 adaptor.outerHTML(adaptor.body(page.document)))) {
      adaptor.append(head, adaptor.node("link", {rel: "preload", as: "font", type: "font/woff", crossorigin: "", href}));
    }
  }
  fs.writeFileSync(file, adaptor.doctype(page.document) + "\n" + adaptor.outerHTML(adaptor.root(page.document)) + "\n");
  return count;
}

// The font files the page's math uses: the main font, and those of the
// variant classes (TEX-I for italic letters, TEX-A for AMS symbols …) that
// occur in it. Preloading only these keeps the other ~15 fonts unrequested.
function usedFonts(css, body) {
  const files = new Map();
  for (const [, family, url] of css.matchAll(/@font-face[^{]*\{\s*font-family: ([\w-]+);\s*src: url\("([^"]+)"\)/g)) {
    files.set(family, url);
  }
  const families = new Set(["MJXZERO", "MJXTEX"]);
  for (const [, name] of body.matchAll(/class="[^"]*\b(TEX-[A-Z0-9]+)\b/g)) {
    const rule = css.match(new RegExp(`\\.${name} \\{\\s*font-family: MJXZERO, ([\\w-]+)`));
    if (rule) families.add(rule[1]);
  }
  return [...families].filter((family) => files.has(family)).map((family) => files.get(family));
}

function main() {
  const [siteDir, ...files] = process.argv.slice(2);
  const adaptor = liteAdaptor();
  AssistiveMmlHandler(RegisterHTMLHandler(adaptor));
  for (const file of files) {
    const count = typeset(siteDir, file, adaptor);
    if (count) console.log(`${path.relative(siteDir, file)}: ${count} expressions`);
  }
}

main();
