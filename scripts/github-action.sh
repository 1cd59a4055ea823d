#!/usr/bin/env bash
# The "Run netpol" step of action.yml, kept in a file so a test can run it as the runner would:
# inputs arrive as NETPOL_* variables; it writes SARIF files, the Markdown job summary
# ($GITHUB_STEP_SUMMARY) and the step's outputs ($GITHUB_OUTPUT: <step>-sarif, failed).
# Every step runs even when an earlier one failed; `failed` names those whose exit status said so.
set -uo pipefail

cli=(node "$NETPOL_CLI")
read -r -a paths <<<"${NETPOL_PATHS:-.}"
((${#paths[@]})) || paths=(.)
sources=("${paths[@]}")
for dir in ${NETPOL_KUSTOMIZE:-}; do sources+=(-k "$dir"); done
expectations=()
for file in ${NETPOL_EXPECTATIONS:-}; do expectations+=(--expectations "$file"); done
sarif_dir="${NETPOL_SARIF_DIR:-${RUNNER_TEMP:-/tmp}/netpol-sarif}"
mkdir -p "$sarif_dir"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
outputs="${GITHUB_OUTPUT:-/dev/null}"
failed=()

if [[ "${NETPOL_CHECK:-true}" == true ]]; then
  echo "::group::netpol check"
  "${cli[@]}" check "${sources[@]}" | tee "$sarif_dir/check.txt"
  status=${PIPESTATUS[0]}
  "${cli[@]}" check "${sources[@]}" --format sarif >"$sarif_dir/check.sarif"
  echo "::endgroup::"
  echo "check-sarif=$sarif_dir/check.sarif" >>"$outputs"
  {
    echo "### netpol check"
    echo
    echo '```'
    tail -n 50 "$sarif_dir/check.txt"
    echo '```'
    echo
  } >>"$summary"
  ((status == 0)) || failed+=(check)
fi

if [[ "${NETPOL_TEST:-true}" == true ]]; then
  echo "::group::netpol test"
  "${cli[@]}" test "${sources[@]}" "${expectations[@]}" --fail-on "${NETPOL_TEST_FAIL_ON:-failed,error}" \
    --sarif "$sarif_dir/test.sarif" --format md | tee -a "$summary"
  status=${PIPESTATUS[0]}
  echo "::endgroup::"
  [[ -f "$sarif_dir/test.sarif" ]] && echo "test-sarif=$sarif_dir/test.sarif" >>"$outputs"
  ((status == 0)) || failed+=(test)
fi

if [[ "${NETPOL_DIFF:-true}" == true && -n "${NETPOL_BASE:-}" ]]; then
  echo "::group::netpol diff --base $NETPOL_BASE"
  # actions/checkout fetches one commit by default: fetch the base when it is not there.
  git cat-file -e "$NETPOL_BASE^{commit}" 2>/dev/null || git fetch --no-tags --depth=1 origin "$NETPOL_BASE"
  diff_args=("${sources[@]}" "${expectations[@]}" --base "$NETPOL_BASE" --fail-on "${NETPOL_DIFF_FAIL_ON:-expectations}")
  "${cli[@]}" diff "${diff_args[@]}" --format md | tee -a "$summary"
  status=${PIPESTATUS[0]}
  "${cli[@]}" diff "${diff_args[@]}" --format sarif >"$sarif_dir/diff.sarif"
  echo "::endgroup::"
  echo "diff-sarif=$sarif_dir/diff.sarif" >>"$outputs"
  ((status == 0)) || failed+=(diff)
fi

echo "failed=${failed[*]}" >>"$outputs"
exit 0
