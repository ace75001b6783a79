// Progressive enhancements; every page reads the same without this script.

// A block that scrolls sideways (wide code, tables, display math) can take
// keyboard focus, so it can be scrolled without a mouse (WCAG 2.1.1).
function markScrollableRegions() {
  const blocks = document.querySelectorAll(
    ".post-content pre, .post-content table, mjx-container[display='true'], .references");
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
