import { createElement } from 'lwc';
import CairnCard from 'c/cairnCard';

describe('c-cairn-card', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
  });

  function render(props) {
    const element = createElement('c-cairn-card', { is: CairnCard });
    Object.assign(
      element,
      {
        title: 'Implementation',
        iconName: 'standard:timeslot',
        loadingMessage: 'Loading the plan',
        errorMessage: 'The plan could not be loaded.',
        emptyMessage: 'No plan yet'
      },
      props
    );
    document.body.appendChild(element);
    return element.shadowRoot;
  }

  it('shows the header and a spinner while loading, even with an error', () => {
    const root = render({ loading: true, errors: [{ message: 'boom' }] });
    expect(root.querySelector('lightning-card').title).toBe('Implementation');
    expect(root.querySelector('lightning-card').iconName).toBe('standard:timeslot');
    expect(root.querySelector('lightning-spinner').alternativeText).toBe('Loading the plan');
    expect(root.querySelector('c-error-panel')).toBeNull();
  });

  it('shows the error panel for one error or a list with one in it, before the empty state', () => {
    let root = render({ errors: { message: 'Insufficient access' }, empty: true });
    expect(root.querySelector('c-error-panel').friendlyMessage).toBe('The plan could not be loaded.');
    expect(root.querySelector('c-error-panel').errors).toEqual({ message: 'Insufficient access' });
    expect(root.querySelector('.empty')).toBeNull();
    document.body.removeChild(document.body.firstChild);

    root = render({ errors: [undefined, { message: 'Network down' }] });
    expect(root.querySelector('c-error-panel')).not.toBeNull();
  });

  it('shows the empty state when there is no error in the list', async () => {
    const root = render({ errors: [undefined, null], empty: true });
    expect(root.querySelector('c-error-panel')).toBeNull();
    expect(root.querySelector('lightning-spinner')).toBeNull();
    expect(root.querySelector('.empty').textContent).toBe('No plan yet');
    await expect(root.host).toBeAccessible();
  });

  it('announces what the last save did in a polite live region', async () => {
    const root = render({ announcement: 'Kickoff call is now Done.' });
    expect(root.querySelector('[aria-live="polite"]').textContent).toBe('Kickoff call is now Done.');
    expect(root.querySelector('.empty')).toBeNull();
    expect(root.querySelector('slot:not([name])')).not.toBeNull();
    expect(root.querySelector('div[slot="actions"] slot[name="actions"]')).not.toBeNull();
  });
});
