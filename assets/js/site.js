// Progressive enhancements; every page reads the same without this script.

// A block that scrolls sideways (wide code, tables, display math) can take
// keyboard focus, so it can be scrolled without a mouse (WCAG 2.1.1).
function markScrollableRegions() {
  const blocks = document.querySelectorAll(
    ".post-content pre, .post-content table, mjx-container[display='true'], .references, " +
    ".post-content p, .post-content li");
  for (const block of blocks) {
    if (block.scrollWidth > block.clientWidth + 1) {
      block.setAttribute("tabindex", "0");
    } else if (block.getAttribute("tabindex") === "0") {
      block.removeAttribute("tabindex");
    }
  }
}

const typeset = window.MathJax && window.MathJax.startup ? window.MathJax.startup.promise : Promise.resolve();
typeset.then(markScrollableRegions);
window.addEventListener("resize", markScrollableRegions);

// Search (Pagefind, served from /pagefind/ of this site). A plain box is shown
// at once; the search code (~140 kB) loads only when a reader focuses it.
function loadSearch(box, placeholder) {
  const bundle = box.dataset.bundle;
  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = bundle + "pagefind-ui.css";
  document.head.append(style);
  const script = document.createElement("script");
  script.src = bundle + "pagefind-ui.js";
  script.onload = () => {
    const typed = placeholder.value;
    placeholder.remove();
    const ui = new PagefindUI({element: "#site-search", bundlePath: bundle, baseUrl: box.dataset.base,
                               showImages: false, showSubResults: true, resetStyles: false});
    const input = box.querySelector("input");
    input.setAttribute("aria-label", "Search the site");  // Pagefind gives it a title only
    input.focus();
    if (typed) { input.value = typed; ui.triggerSearch(typed); }
  };
  document.head.append(script);
}

function setUpSearch() {
  const box = document.getElementById("site-search");
  if (!box) return;
  const placeholder = document.createElement("input");
  placeholder.type = "search";
  placeholder.className = "site-search-placeholder";
  placeholder.placeholder = "Search";
  placeholder.setAttribute("aria-label", "Search the site");
  placeholder.addEventListener("focus", () => loadSearch(box, placeholder), {once: true});
  box.append(placeholder);
}

setUpSearch();

// Copy buttons on code cells' inputs (fenced Python; outputs are fenced text).
function addCopyButtons() {
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.append(status);
  for (const block of document.querySelectorAll(".post-content div.language-python.highlighter-rouge")) {
    const code = block.querySelector("pre code");
    if (!code) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy this code");
    button.addEventListener("click", async () => {
      const text = code.textContent.replace(/\n$/, "");
      try {
        await navigator.clipboard.writeText(text);
        button.textContent = "Copied";
        status.textContent = "Code copied to the clipboard";
      } catch (error) {
        button.textContent = "Copy failed";
        status.textContent = "Copying failed: select the code and copy it by hand";
      }
      setTimeout(() => { button.textContent = "Copy"; }, 2000);
    });
    block.classList.add("has-copy-button");
    block.prepend(button);
  }
}

addCopyButtons();
