/* Dashtam's site behaviour: sortable tables, and a filter bar on provider tables.
 *
 * Runs on every page Material loads (document$). Every table in an article becomes
 * sortable (vendored tablesort). A table whose first column is "Provider" gets a name
 * box and a select per Category / Auth type / Capabilities column, built from the
 * links in those cells, and each cell a data-label so the phone layout (dashtam.css)
 * can stack a row into a card. Text is only ever read with textContent and written
 * with createElement/textContent, so nothing in a cell can become markup.
 */
(function () {
  "use strict";

  var FILTERED_COLUMNS = ["Category", "Auth type", "Capabilities"];

  function headers(table) {
    return Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
  }

  function cellValues(cell) {
    var links = cell.querySelectorAll("a");
    if (links.length === 0) {
      return [cell.textContent.trim()];
    }
    return Array.prototype.map.call(links, function (link) {
      return link.textContent.trim();
    });
  }

  function slug(text) {
    return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  }

  function makeSelect(name, values, index) {
    var label = document.createElement("label");
    label.className = "dashtam-filter";
    var caption = document.createElement("span");
    caption.textContent = name;
    var select = document.createElement("select");
    select.name = slug(name);
    select.dataset.column = String(index);
    var all = document.createElement("option");
    all.value = "";
    all.textContent = "All";
    select.appendChild(all);
    values.forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value;
      select.appendChild(option);
    });
    label.appendChild(caption);
    label.appendChild(select);
    return label;
  }

  function setUpFilters(table, names) {
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    var form = document.createElement("form");
    form.className = "dashtam-filters";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter providers");
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    var nameLabel = document.createElement("label");
    nameLabel.className = "dashtam-filter";
    var nameCaption = document.createElement("span");
    nameCaption.textContent = "Name";
    var nameInput = document.createElement("input");
    nameInput.type = "search";
    nameInput.name = "name";
    nameInput.placeholder = "Filter by name";
    nameLabel.appendChild(nameCaption);
    nameLabel.appendChild(nameInput);
    form.appendChild(nameLabel);

    var selects = [];
    names.forEach(function (name, index) {
      if (FILTERED_COLUMNS.indexOf(name) < 0) {
        return;
      }
      var seen = [];
      rows.forEach(function (row) {
        cellValues(row.cells[index]).forEach(function (value) {
          if (value && seen.indexOf(value) < 0) {
            seen.push(value);
          }
        });
      });
      var label = makeSelect(name, seen.sort(), index);
      selects.push(label.querySelector("select"));
      form.appendChild(label);
    });

    // Sorting without the header row, which a phone's card layout hides.
    var sortLabel = makeSelect("Sort by", [], -1);
    var sortSelect = sortLabel.querySelector("select");
    sortSelect.name = "sort";
    sortSelect.options[0].textContent = "Table order";
    names.forEach(function (name, index) {
      var option = document.createElement("option");
      option.value = String(index);
      option.textContent = name;
      sortSelect.appendChild(option);
    });
    sortSelect.addEventListener("change", function () {
      var header = table.querySelectorAll("thead th")[Number(sortSelect.value)];
      if (sortSelect.value && header) {
        header.dispatchEvent(new MouseEvent("click", { bubbles: true }));
      }
    });
    form.appendChild(sortLabel);

    var status = document.createElement("p");
    status.className = "dashtam-filter-status";
    status.setAttribute("aria-live", "polite");
    form.appendChild(status);

    function apply() {
      var needle = nameInput.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var visible = row.cells[0].textContent.toLowerCase().indexOf(needle) >= 0;
        selects.forEach(function (select) {
          if (select.value) {
            var values = cellValues(row.cells[Number(select.dataset.column)]);
            visible = visible && values.indexOf(select.value) >= 0;
          }
        });
        row.hidden = !visible;
        shown += visible ? 1 : 0;
      });
      status.textContent = shown + " of " + rows.length + " providers shown";
    }

    // "input" fires for the name box and for each select; the sort select has its own.
    form.addEventListener("input", function (event) {
      if (event.target !== sortSelect) {
        apply();
      }
    });
    apply();
    var anchor = table.closest(".md-typeset__scrollwrap") || table;
    anchor.parentNode.insertBefore(form, anchor);
  }

  function setUp(root) {
    root.querySelectorAll("article table").forEach(function (table) {
      if (table.dataset.dashtam) {
        return;
      }
      table.dataset.dashtam = "ready";
      var names = headers(table);
      if (names.length === 0) {
        return;
      }
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, index) {
          cell.dataset.label = names[index] || "";
        });
      });
      if (typeof Tablesort === "function") {
        new Tablesort(table);
      }
      if (names[0] === "Provider" && names.some(function (name) {
        return FILTERED_COLUMNS.indexOf(name) >= 0;
      })) {
        // An attribute, not a class: Material styles only tables without a class.
        table.setAttribute("data-dashtam-providers", "");
        setUpFilters(table, names);
      }
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { setUp(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  }
})();
