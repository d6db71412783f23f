// Search-as-you-type for pickers (coproduction/pickers.py): as words are typed in a picker's search box, the
// same page is fetched with those words and the field's choices are replaced by the fresh ones. Choices already
// ticked or selected stay. Without JavaScript the search box is an ordinary form with a Find button.
const DELAY_MS = 300;

function field(root, name) {
  const select = root.querySelector(`select[name="${name}"]`);
  if (select) return { kind: "select", node: select };
  const box = root.querySelector(`input[type="checkbox"][name="${name}"]`);
  return box ? { kind: "checkboxes", node: box.closest(".govuk-checkboxes") } : null;
}

function swapSelect(current, fresh) {
  const chosen = current.value;
  const kept = chosen ? current.querySelector(`option[value="${CSS.escape(chosen)}"]`) : null;
  current.replaceChildren(...fresh.options);
  if (kept && !current.querySelector(`option[value="${CSS.escape(chosen)}"]`)) current.append(kept);
  current.value = chosen;
}

function swapCheckboxes(current, fresh, name) {
  const ticked = [...current.querySelectorAll(`input[name="${name}"]:checked`)].map((box) => box.closest(".govuk-checkboxes__item"));
  const tickedValues = new Set(ticked.map((item) => item.querySelector("input").value));
  const items = [...ticked, ...[...fresh.querySelectorAll(".govuk-checkboxes__item")]
    .filter((item) => !tickedValues.has(item.querySelector("input").value))];
  for (const item of items) {  // ids from the value, so kept and fresh items never share one
    const box = item.querySelector("input"), label = item.querySelector("label");
    box.id = `id_${name}_v${box.value}`;
    if (label) label.htmlFor = box.id;
  }
  current.replaceChildren(...items);
}

for (const search of document.querySelectorAll("form[data-picker-target]")) {
  const input = search.querySelector('input[type="search"]');
  const status = search.querySelector("[aria-live]");
  const name = search.dataset.pickerTarget;
  let timer = 0;
  let latest = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const ticket = ++latest;
      const url = new URL(window.location.href);
      for (const [key, value] of new FormData(search)) url.searchParams.set(key, value);
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok || ticket !== latest) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const current = field(document, name), fresh = field(page, name);
      if (!current || !fresh) return;
      if (current.kind === "select") swapSelect(current.node, fresh.node);
      else swapCheckboxes(current.node, fresh.node, name);
      const freshStatus = page.getElementById(status.id);
      status.textContent = freshStatus ? freshStatus.textContent : "";
      history.replaceState(null, "", url);
    }, DELAY_MS);
  });
}
