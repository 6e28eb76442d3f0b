import { css } from 'lit';

export default css`
  .steps {
    list-style: none;
    padding: 0;
  }
  .step {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: var(--_space-xs) var(--_space-s);
    padding: var(--_space-s) 0 var(--_space-s) var(--_space-m);
    border-left: 3px solid var(--_border);
  }
  .step--done {
    border-left-color: var(--_success);
  }
  .step--next {
    border-left-color: var(--_primary);
    font-weight: 600;
  }
  .step--info {
    display: block;
    font-weight: normal;
  }
  .step-form {
    flex-basis: 100%;
    min-width: 0;
    font-weight: normal;
    margin: var(--_space-s) 0 0;
  }
`;
