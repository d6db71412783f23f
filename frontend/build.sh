#!/usr/bin/env bash
# Rebuilds the vendored GOV.UK Frontend files in coproduction/static/portal/govuk/ with the portal's own
# branding: system fonts (no GDS Transport), our colours, and no crown. Needs Node.js and npm; the built
# files are committed, so nobody needs this to run the portal.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); out="$here/../coproduction/static/portal/govuk"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --silent govuk-frontend@6.6.0 sass@1 >/dev/null
cp "$here/portal.scss" .
npx sass --no-source-map --style=compressed --load-path=. portal.scss portal-frontend.min.css
# The footer's crown is a GOV.UK mark: drop every rule that points at it.
python3 - <<'PY'
import re
css = open("portal-frontend.min.css").read()
css = re.sub(r"[^{}]*\{[^{}]*govuk-crest\.svg[^{}]*\}", "", css)
open("portal-frontend.min.css", "w").write(css)
PY
cp portal-frontend.min.css "$out/"
sed 's%//# sourceMappingURL=.*$%%' node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js > "$out/govuk-frontend.min.js"
printf 'GOV.UK Frontend 6.6.0, MIT licence, (c) Crown copyright (Government Digital Service). Rebuilt by frontend/build.sh.\n' > "$out/README.txt"
echo "Built into $out"
