import { initAll } from "./govuk/govuk-frontend.min.js";
import "./picker.js";

document.body.classList.add("govuk-frontend-supported");
initAll();
