#!/usr/bin/env bash
# Dry run of the release flow on a temporary copy (never on main): a sample minor changeset for
# @speechsr/dsp → changeset status/version → versions of dsp and its dependents → build → consumer test.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git -C "$root" ls-files -z --cached --others --exclude-standard | (cd "$root" && xargs -0 cp --parents -t "$tmp")
cd "$tmp"
# Only the sample changeset: drop the pending ones so the plan shows what one dsp minor bump does.
find .changeset -name '*.md' ! -name README.md -delete
git init -q -b main && git add -A && git -c user.email=ci@example.invalid -c user.name=ci commit -qm base
cat > .changeset/sample-dsp-minor.md <<'MD'
---
"@speechsr/dsp": minor
---
Sample change used by scripts/check-release-flow.sh.
MD
npm ci --no-audit --no-fund --prefer-offline >/dev/null
npx changeset status --output=plan.json >/dev/null
node -e "const p=require('./plan.json');for(const r of p.releases)console.log('plan',r.name,r.type,r.oldVersion,'->',r.newVersion)"
npx changeset version
for p in packages/*/package.json; do node -e "const j=require('./$p');if(!j.private)console.log('version',j.name,j.version,JSON.stringify(Object.fromEntries(Object.entries(j.dependencies||{}).filter(([k])=>k.startsWith('@speechsr/')))))"; done
npm install --no-audit --no-fund --prefer-offline >/dev/null
npm run build >/dev/null
node scripts/test-consumers.mjs
