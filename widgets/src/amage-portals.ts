// CDN entry: defines every element. Each define file is also a module of its own beside this one.
import './components/portal/amage-portal.js';
import './components/work-progress/amage-work-progress.js';
import './components/file-picker/amage-file-picker.js';
import './components/service-request/amage-service-request.js';
