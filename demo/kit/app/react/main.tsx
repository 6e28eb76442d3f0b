// A React 19 app that installed @amage/widgets from npm: one element, imported on its own.
import '@amage/widgets/amage-work-progress.js';
import type { AmageSubmittedDetail } from '@amage/widgets';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';

const api = new URLSearchParams(location.search).get('api') ?? '';

function App() {
  const [submitted, setSubmitted] = useState<AmageSubmittedDetail>();
  return (
    <main>
      <amage-work-progress
        api={api}
        lang="en"
        poll-interval={30}
        onamage-submitted={(event) => setSubmitted(event.detail)}
      ></amage-work-progress>
      {submitted && <output id="submitted">{`${submitted.kind} ${submitted.ref} ${submitted.id}`}</output>}
    </main>
  );
}

// The typings are real: wrong attribute types and unknown detail fields do not compile.
// @ts-expect-error poll-interval is a number
export const wrongAttribute = <amage-work-progress poll-interval="30" />;
// @ts-expect-error the detail has no such field
export const wrongDetail = <amage-work-progress onamage-submitted={(event) => event.detail.nothing} />;

createRoot(document.getElementById('root')!).render(<App />);
