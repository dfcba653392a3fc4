import { Link } from '@tanstack/react-router';
import { useTitle } from '../../components/status.js';
import { da } from '../../texts.da.js';

export function LoggedOutPage() {
  useTitle(da.auth.loggedOutTitle);
  return (
    <>
      <h1>{da.auth.loggedOutTitle}</h1>
      <p className="font-lead">{da.auth.loggedOutText}</p>
      <Link to="/" className="button button-primary">
        {da.auth.loginAgain}
      </Link>
    </>
  );
}
