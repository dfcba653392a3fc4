import { Link } from '@tanstack/react-router';
import { useTitle } from '../components/status.js';
import { da } from '../texts.da.js';

export function NotFoundPage() {
  useTitle(da.app.notFoundTitle);
  return (
    <>
      <h1>{da.app.notFoundTitle}</h1>
      <p>{da.app.notFoundText}</p>
      <p>
        <Link to="/">{da.app.toFrontPage}</Link>
      </p>
    </>
  );
}
