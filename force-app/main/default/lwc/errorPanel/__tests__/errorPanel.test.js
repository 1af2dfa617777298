import { createElement } from 'lwc';
import ErrorPanel from 'c/errorPanel';

describe('c-error-panel', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
  });

  function render(props) {
    const element = createElement('c-error-panel', { is: ErrorPanel });
    Object.assign(element, props);
    document.body.appendChild(element);
    return element;
  }

  it('shows the friendly message and every underlying message', async () => {
    const element = render({
      friendlyMessage: 'The plan could not be loaded.',
      errors: [{ body: [{ message: 'Insufficient access' }] }, new Error('Network down')]
    });
    const root = element.shadowRoot;
    expect(root.querySelector('[role="alert"]')).not.toBeNull();
    expect(root.querySelector('.friendly-message').textContent).toBe('The plan could not be loaded.');
    expect([...root.querySelectorAll('.details li')].map((li) => li.textContent)).toEqual([
      'Insufficient access',
      'Network down'
    ]);
    await expect(element).toBeAccessible();
  });

  // Each shape Lightning Data Service (or plain JavaScript) reports an error in.
  it.each([
    [
      'a UI API read error (a list in the body)',
      { body: [{ message: 'The requested resource does not exist' }] },
      ['The requested resource does not exist']
    ],
    ['a list of read errors', [{ body: [{ message: 'A' }] }, { body: [{ message: 'B' }] }], ['A', 'B']],
    ['a body with a message', { status: 500, body: { message: 'Server error' } }, ['Server error']],
    [
      'a UI API write error',
      { body: { pageErrors: [{ message: 'Record is locked' }], fieldErrors: {} } },
      ['Record is locked']
    ],
    ['a JavaScript error', new TypeError('x is undefined'), ['x is undefined']]
  ])('shows the text of %s', (_shape, errors, expected) => {
    const root = render({ errors }).shadowRoot;
    expect([...root.querySelectorAll('.details li')].map((li) => li.textContent)).toEqual(expected);
  });

  it('shows only the default message when the errors carry none', () => {
    const element = render({ errors: {} });
    const root = element.shadowRoot;
    expect(root.querySelector('.friendly-message').textContent).toBe('Something went wrong while loading this data.');
    expect(root.querySelector('.details')).toBeNull();
  });
});
