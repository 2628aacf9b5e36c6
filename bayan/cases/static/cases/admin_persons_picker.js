// The persons picker of an event in the admin (bayan/cases/admin_forms.py, PersonsPicker):
// names typed here are looked up on the server, and a person picked joins the ticked boxes
// that the form sends. Only the chosen persons are ever in the page, however many there are.
(function () {
  "use strict";

  function setUp(picker) {
    const query = picker.querySelector("[data-query]");
    const results = picker.querySelector("[data-results]");
    const chosen = picker.querySelector("[data-chosen]");
    let timer = null;
    let asked = 0;

    function chosenIds() {
      return new Set(Array.from(chosen.querySelectorAll("input")).map((box) => box.value));
    }

    function choose(person) {
      const existing = chosen.querySelector(`input[value="${person.id}"]`);
      if (existing) {
        existing.checked = true;
      } else {
        const item = document.createElement("li");
        const label = document.createElement("label");
        const box = document.createElement("input");
        box.type = "checkbox";
        box.name = picker.dataset.name;
        box.value = String(person.id);
        box.checked = true;
        label.append(box, " " + person.label);
        item.append(label);
        chosen.append(item);
      }
      results.replaceChildren();
      query.value = "";
      query.focus();
    }

    function personButton(person) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button button-small button-secondary";
      button.textContent = person.label;
      button.addEventListener("click", () => choose(person));
      item.append(button);
      return item;
    }

    async function search() {
      const text = query.value.trim();
      asked += 1;
      const mine = asked;
      if (text.length < 2) {
        results.replaceChildren();
        return;
      }
      const response = await fetch(`${picker.dataset.searchUrl}?q=${encodeURIComponent(text)}`, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      // An answer to an older question than the one on screen is dropped.
      if (mine !== asked || !response.ok) return;
      const taken = chosenIds();
      const found = (await response.json()).persons.filter((person) => !taken.has(String(person.id)));
      results.replaceChildren(...found.map(personButton));
      if (!found.length) {
        const item = document.createElement("li");
        item.textContent = picker.dataset.noneFound;
        results.append(item);
      }
    }

    query.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    query.addEventListener("keydown", (event) => {
      // Enter picks the first person found instead of sending the whole form half filled.
      if (event.key !== "Enter") return;
      event.preventDefault();
      const first = results.querySelector("button");
      if (first) first.click();
    });
  }

  function setUpAll() {
    document.querySelectorAll("[data-cases-persons-picker]:not([data-ready])").forEach((picker) => {
      picker.dataset.ready = "true";
      setUp(picker);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
