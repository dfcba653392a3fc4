import { useTitle } from '../../components/status.js';
import { da } from '../../texts.da.js';

/** A user whose token carries no role this front has a screen for. */
export function NoRolesPage() {
  useTitle(da.app.title);
  return (
    <>
      <h1>{da.app.title}</h1>
      <p className="font-lead">{da.auth.noRoles}</p>
    </>
  );
}
