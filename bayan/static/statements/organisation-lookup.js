// The sign-on form's type-ahead over known public organisations (bayan/jinja2/statements/sign_on.html).
//
// The form works without it: the signer types a name and moderators match it. With it, typing
// two letters or more asks the sign-on link's lookup address (data-lookup) for organisations
// whose names match in either script; choosing one fills the name in the page's language and
// the hidden "chosen_organisation" field, which typing again clears. The list follows the ARIA
// combobox pattern: arrow keys move, Enter chooses, Escape closes. Names are set as text only.
(function () {
  "use strict";

  var form = document.querySelector("form.sign-on-form[data-lookup]");
  if (!form || !window.fetch) {
    return;
  }
  var input = form.querySelector("input[name='organisation_name']");
  var chosen = form.querySelector("input[name='chosen_organisation']");
  if (!input || !chosen) {
    return;
  }
  var language = document.documentElement.lang === "ar" ? "ar" : "en";
  var other = language === "ar" ? "en" : "ar";
  var lookup = form.getAttribute("data-lookup");
  var found = [];
  var active = -1;
  var timer = null;
  var asked = 0;

  var list = document.createElement("ul");
  list.id = "organisation-suggestions";
  list.className = "sign-on-suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", form.getAttribute("data-lookup-label") || "");
  list.hidden = true;
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  input.parentNode.insertBefore(list, input.nextSibling);
  input.parentNode.appendChild(status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("autocomplete", "off");

  function nameOf(organisation) {
    return organisation["name_" + language] || organisation["name_" + other];
  }

  function close() {
    list.hidden = true;
    list.textContent = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function choose(index) {
    var organisation = found[index];
    if (!organisation) {
      return;
    }
    input.value = nameOf(organisation);
    chosen.value = String(organisation.id);
    close();
  }

  function highlight(index) {
    var options = list.querySelectorAll("[role='option']");
    if (!options.length) {
      return;
    }
    active = (index + options.length) % options.length;
    options.forEach(function (option, place) {
      option.setAttribute("aria-selected", place === active ? "true" : "false");
    });
    input.setAttribute("aria-activedescendant", options[active].id);
    options[active].scrollIntoView({block: "nearest"});
  }

  function show(organisations) {
    found = organisations;
    close();
    // One sentence for every count ("that match: 3"), so no language's plural forms are needed here.
    var template = form.getAttribute("data-lookup-count") || "";
    status.textContent = template.replace("{count}", String(organisations.length));
    if (!organisations.length) {
      return;
    }
    organisations.forEach(function (organisation, index) {
      var option = document.createElement("li");
      option.id = "organisation-suggestion-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("dir", "auto");
      var name = nameOf(organisation);
      var otherName = organisation["name_" + other];
      option.textContent = otherName && otherName !== name ? name + " · " + otherName : name;
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();  // keeps the focus in the field
        choose(index);
      });
      list.appendChild(option);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function ask() {
    var query = input.value.trim();
    if (query.length < 2) {
      close();
      return;
    }
    var number = ++asked;
    fetch(lookup + "?q=" + encodeURIComponent(query), {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (response) { return response.ok ? response.json() : {organisations: []}; })
      .then(function (answer) {
        if (number === asked) {  // an older answer arriving late is not shown over a newer one
          show(answer.organisations || []);
        }
      })
      .catch(close);
  }

  input.addEventListener("input", function () {
    chosen.value = "";
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 200);
  });
  input.addEventListener("keydown", function (event) {
    if (list.hidden) {
      return;
    }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", function () {
    window.setTimeout(close, 100);
  });
}());
