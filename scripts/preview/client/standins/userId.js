// STAND-IN for `@salesforce/user/Id`, preview only: the local org user the preview server
// acts as, written into the page by the server.
export default document.documentElement.dataset.userId || '';
