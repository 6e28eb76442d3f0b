// CDN entry: defines every element. Each define file is also a module of its own beside this one.
import './components/portal/amage-portal.js';
import './components/work-progress/amage-work-progress.js';
import './components/delivery-form/amage-delivery-form.js';
import './components/complaint/amage-complaint.js';
import './components/file-picker/amage-file-picker.js';
import './components/work-order/amage-work-order.js';
import './components/inspection/amage-inspection.js';
import './components/loto-procedure/amage-loto-procedure.js';
import './components/permit-log/amage-permit-log.js';
import './components/service-request/amage-service-request.js';
