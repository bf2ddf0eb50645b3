/**
 * A job whose keys would hold `All` asks once more: such a key can do everything in its app, delete
 * its data and make more keys included, and it never expires unless told to.
 */
export const holdsAll = (scopes: readonly string[]) => scopes.includes('All');

export function FullAccessCheck({ checked, onChange }: { checked: boolean; onChange: (on: boolean) => void }) {
  return (
    <div class="warn" role="group" aria-label="Full access">
      <p class="bad">
        These keys get the scope <code>All</code>: each can do everything in its app, delete its inputs, models and workflows, and make more keys. A smaller
        preset is safer (see Least privilege on the options page).
      </p>
      <label>
        <input type="checkbox" checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} /> Make keys with full access anyway
      </label>
    </div>
  );
}
