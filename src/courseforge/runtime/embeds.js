/* courseforge learner runtime: another site's video loads only when the learner asks
   (render/media_blocks.py writes the placeholder). Until the click, no request leaves the
   package. See courseforge.js. */

document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest(".cf-embed-load");
  if (!button) return;
  const box = button.closest(".cf-embed");
  const src = box && box.getAttribute("data-cf-embed-src");
  if (!src || !/^https:\/\/[^/]/.test(src)) return; // never a script URL, whatever the page holds
  const frame = document.createElement("iframe");
  frame.className = "cf-embed-frame";
  frame.src = src;
  frame.title = box.getAttribute("data-cf-embed-title") || "";
  frame.allow = "fullscreen; picture-in-picture; encrypted-media";
  frame.referrerPolicy = "strict-origin-when-cross-origin";
  // The other site may play and go full screen, never navigate the LMS page away.
  frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-presentation allow-popups");
  frame.setAttribute("allowfullscreen", "");
  box.replaceChildren(frame);
  frame.focus();
});
