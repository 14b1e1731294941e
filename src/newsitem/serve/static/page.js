// newsitem validator page: posts the same form in the background and swaps in the answer.
// Without this script the form is posted as usual and the server renders the same page.
"use strict";

function bind() {
  const form = document.getElementById("check-form");
  if (!form || form.dataset.bound) {
    return;
  }
  form.dataset.bound = "1";
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(form);
  });
  const to = document.getElementById("to");
  if (to) {
    to.addEventListener("change", () => {
      if (document.getElementById("results")) {
        send(form);
      }
    });
  }
  const text = document.getElementById("document");
  if (text) {
    text.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        send(form);
      }
    });
  }
}

async function send(form) {
  const busy = document.getElementById("busy");
  if (busy) {
    busy.hidden = false;
  }
  let html;
  try {
    const response = await fetch(form.action, { method: "POST", body: new FormData(form) });
    html = await response.text();
  } catch (error) {
    if (busy) {
      busy.hidden = true;
    }
    form.insertAdjacentHTML("afterend", '<p class="error" role="alert">The server could not be reached.</p>');
    return;
  }
  const page = new DOMParser().parseFromString(html, "text/html");
  const main = page.querySelector("main");
  if (main) {
    document.querySelector("main").replaceWith(document.adoptNode(main));
  }
  bind();
  const first = document.querySelector(".line.error, .line.warning");
  if (first) {
    first.scrollIntoView({ block: "nearest" });
  }
}

document.addEventListener("DOMContentLoaded", bind);
