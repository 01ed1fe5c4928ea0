// One-line embed for a store's pages:
//   <script src="https://ASSISTANT-HOST/static/embed.js" defer></script>
// It adds a chat button that opens the widget in a frame served by the assistant itself, so the
// session (kept in the frame's own storage) lasts across the store's page loads.
(() => {
  "use strict";
  const origin = new URL(document.currentScript.src).origin;
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "Chat with us";
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", "aisle-frame");
  button.style.cssText = "position:fixed;right:16px;bottom:16px;z-index:2147483000;padding:10px 16px;border:0;border-radius:20px;background:#0b6e4f;color:#fff;font:15px system-ui,sans-serif;cursor:pointer";
  const frame = document.createElement("iframe");
  frame.id = "aisle-frame";
  frame.title = "Shopping assistant (AI)";
  frame.src = `${origin}/`;
  frame.hidden = true;
  frame.style.cssText = "position:fixed;right:16px;bottom:64px;z-index:2147483000;width:min(400px,calc(100vw - 32px));height:min(620px,calc(100vh - 96px));border:1px solid #d9dee2;border-radius:12px;background:#fff;box-shadow:0 8px 24px rgba(0,0,0,.15)";
  button.addEventListener("click", () => {
    frame.hidden = !frame.hidden;
    button.setAttribute("aria-expanded", String(!frame.hidden));
    if (!frame.hidden) frame.focus();
  });
  document.body.append(frame, button);
})();
