// Entry of the preview page: mounts the record page stand-in, which lays out the Cairn
// components the way Cairn_Opportunity_Record_Page does.
import { createElement } from 'lwc';
import App from 'preview/app';

const app = createElement('preview-app', { is: App });
document.getElementById('root').appendChild(app);
