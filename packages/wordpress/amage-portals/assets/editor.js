// The block editor side of the AMAGE Portals blocks: sidebar settings and a readable placeholder.
// Plain JavaScript on WordPress's own globals (wp.*), so the plugin needs no build step. Titles,
// attributes and their types come from each block.json through the server's block registry; the
// published page is rendered on the server (class-renderer.php).
(({ blocks, blockEditor, components, element, i18n }, config) => {
  const { __, sprintf } = i18n;
  const el = element.createElement;
  const { InspectorControls, useBlockProps } = blockEditor;
  const {
    BaseControl,
    CheckboxControl,
    ExternalLink,
    Notice,
    PanelBody,
    Placeholder,
    SelectControl,
    TextControl,
    ToggleControl,
  } = components;

  const TOKEN = /^amg_[A-Za-z0-9_-]{20,200}$/;

  const languageNames = () => ({ pl: __('Polish', 'amage-portals'), en: __('English', 'amage-portals') });

  const hiddenFieldNames = () => ({
    category: __('Category', 'amage-portals'),
    asset: __('Equipment', 'amage-portals'),
    site: __('Site', 'amage-portals'),
    location: __('Location', 'amage-portals'),
    description: __('Description', 'amage-portals'),
    urgency: __('Urgency', 'amage-portals'),
    preferredDates: __('Preferred dates', 'amage-portals'),
    contact: __('Contact phone and e-mail', 'amage-portals'),
    attachments: __('Photos and files', 'amage-portals'),
  });

  /** Label and help of each widget option (the block attribute's name), in the editor's language. */
  const optionTexts = () => ({
    category: {
      label: __('Preset category', 'amage-portals'),
      help: __(
        'Key of the request category to preselect, e.g. fault. With “Category” hidden below, visitors cannot change it.',
        'amage-portals',
      ),
    },
    asset: {
      label: __('Preset equipment', 'amage-portals'),
      help: __(
        'Reference or QR label code of the equipment to preselect. Empty: taken from ?asset= in the page address.',
        'amage-portals',
      ),
    },
    hideFields: {
      label: __('Hidden fields', 'amage-portals'),
      help: __('Preset values of hidden fields are still sent.', 'amage-portals'),
    },
    noList: {
      label: __('Hide the list of sent requests', 'amage-portals'),
      help: __('Otherwise visitors whose link may read requests see the ones sent with it.', 'amage-portals'),
    },
    pollInterval: {
      label: __('Check for changes every (seconds)', 'amage-portals'),
      help: __('Used only when live updates cannot be had. Empty: 30 seconds.', 'amage-portals'),
    },
    noLive: {
      label: __('No live updates', 'amage-portals'),
      help: __('Shows the job as it was when the page was opened.', 'amage-portals'),
    },
    checklist: {
      label: __('Checklist key', 'amage-portals'),
      help: __('Empty: the work order’s first checklist.', 'amage-portals'),
    },
  });

  /** The token from what was pasted: the token itself, or the whole link (…#token=amg_…). */
  const tokenFrom = (text) => {
    const match = /[#&?]token=([^&\s]+)/.exec(text);
    return (match ? decodeURIComponent(match[1]) : text).trim();
  };

  const tokenProblem = (token) => {
    if (!token || TOKEN.test(token)) return '';
    if (token.startsWith('amgs_'))
      return __(
        'This is a session token, which lasts only minutes. Paste the link token (amg_…) from the AMAGE e-mail.',
        'amage-portals',
      );
    return __(
      'This is not a valid link token. Paste the token (amg_…) or the whole link from the AMAGE e-mail.',
      'amage-portals',
    );
  };

  /** amg_abcd…wxyz: enough to tell links apart on screen. */
  const masked = (token) => `${token.slice(0, 8)}…${token.slice(-4)}`;

  const serverNotice = () =>
    config.serverConfigured
      ? null
      : el(
          Notice,
          { status: 'warning', isDismissible: false },
          __(
            'The portal server address is not set, so visitors will not see this widget. Set it in Settings → AMAGE Portals.',
            'amage-portals',
          ),
          config.settingsUrl
            ? el('p', null, el(ExternalLink, { href: config.settingsUrl }, __('Open the settings', 'amage-portals')))
            : null,
        );

  function TokenPanel({ attributes, setAttributes }) {
    const problem = tokenProblem(attributes.token);
    return el(
      PanelBody,
      { title: __('Access link', 'amage-portals') },
      el(TextControl, {
        label: __('Link token', 'amage-portals'),
        help: __(
          'The token from the link in the AMAGE e-mail (the part after #token=); you may paste the whole link. Empty: the widget takes the token from the page address (#token=…).',
          'amage-portals',
        ),
        value: attributes.token,
        autoComplete: 'off',
        spellCheck: false,
        onChange: (value) => setAttributes({ token: tokenFrom(value) }),
      }),
      problem ? el(Notice, { status: 'error', isDismissible: false }, problem) : null,
      el(
        Notice,
        { status: 'info', isDismissible: false },
        sprintf(
          /* translators: %s: the site's origin, e.g. https://www.example.com */
          __(
            'Anyone who opens this page can read the token. An intake link placed on a website must be limited to that website: ask the AMAGE user who sent it for a link whose allowed origins list %s. A link that does not is refused here, and visitors are told so.',
            'amage-portals',
          ),
          config.siteOrigin,
        ),
      ),
    );
  }

  function PortalPanel() {
    return el(
      PanelBody,
      { title: __('Access link', 'amage-portals') },
      el(
        'p',
        null,
        sprintf(
          /* translators: %s: the site's origin, e.g. https://www.example.com */
          __(
            'This page opens the link in its own address: send people to this page’s address followed by the #token=… part of their link. Each link must list %s in its allowed origins.',
            'amage-portals',
          ),
          config.siteOrigin,
        ),
      ),
    );
  }

  function OptionControl({ option, schema, attributes, setAttributes }) {
    const texts = optionTexts()[option] ?? { label: option };
    const value = attributes[option];
    const set = (next) => setAttributes({ [option]: next });
    if (schema.type === 'boolean') {
      return el(ToggleControl, { label: texts.label, help: texts.help, checked: Boolean(value), onChange: set });
    }
    if (schema.type === 'integer') {
      return el(TextControl, {
        label: texts.label,
        help: texts.help,
        type: 'number',
        min: schema.minimum,
        max: schema.maximum,
        value: value ?? '',
        onChange: (text) => {
          const number = Number.parseInt(text, 10);
          set(
            Number.isNaN(number)
              ? undefined
              : Math.min(Math.max(number, schema.minimum ?? number), schema.maximum ?? number),
          );
        },
      });
    }
    if (schema.type === 'array') {
      const names = hiddenFieldNames();
      const chosen = Array.isArray(value) ? value : [];
      return el(
        BaseControl,
        { id: `amage-portals-${option}`, label: texts.label, help: texts.help },
        schema.items.enum.map((item) =>
          el(CheckboxControl, {
            key: item,
            label: names[item] ?? item,
            checked: chosen.includes(item),
            onChange: (on) => set(on ? [...chosen, item] : chosen.filter((x) => x !== item)),
          }),
        ),
      );
    }
    return el(TextControl, { label: texts.label, help: texts.help, value: value ?? '', onChange: set });
  }

  function DisplayPanel({ blockType, attributes, setAttributes }) {
    const names = languageNames();
    const options = Object.entries(blockType.attributes).filter(([name]) => name !== 'token' && name !== 'lang');
    const siteDefault = config.defaultLanguage
      ? sprintf(
          /* translators: %s: a language, e.g. Polish */
          __('Site default (%s)', 'amage-portals'),
          names[config.defaultLanguage],
        )
      : __('Follows the page', 'amage-portals');
    return el(
      PanelBody,
      { title: __('Widget', 'amage-portals') },
      el(SelectControl, {
        label: __('Language', 'amage-portals'),
        value: attributes.lang,
        options: blockType.attributes.lang.enum.map((code) => ({
          value: code,
          label: code ? names[code] : siteDefault,
        })),
        onChange: (lang) => setAttributes({ lang }),
      }),
      options.map(([option, schema]) => el(OptionControl, { key: option, option, schema, attributes, setAttributes })),
    );
  }

  /** What the block will show, in words: the editor does not run the widget (it would spend link uses). */
  function Summary({ blockType, attributes }) {
    const names = languageNames();
    const lines = [];
    if ('token' in blockType.attributes) {
      lines.push(
        attributes.token
          ? sprintf(
              /* translators: %s: a shortened token, e.g. amg_abcd…wxyz */
              __('Link: %s', 'amage-portals'),
              masked(attributes.token),
            )
          : __('Link: taken from the page address (#token=…)', 'amage-portals'),
      );
    }
    const lang = attributes.lang || config.defaultLanguage;
    lines.push(
      lang
        ? sprintf(
            /* translators: %s: a language, e.g. Polish */
            __('Language: %s', 'amage-portals'),
            names[lang],
          )
        : __('Language: follows the page', 'amage-portals'),
    );
    return el(
      'ul',
      null,
      lines.map((line) => el('li', { key: line }, line)),
    );
  }

  function Edit(props) {
    const blockType = blocks.getBlockType(props.name);
    const problem = 'token' in blockType.attributes ? tokenProblem(props.attributes.token) : '';
    return el(
      element.Fragment,
      null,
      el(
        InspectorControls,
        null,
        'token' in blockType.attributes ? el(TokenPanel, props) : el(PortalPanel),
        el(DisplayPanel, { ...props, blockType }),
      ),
      el(
        'div',
        useBlockProps(),
        el(
          Placeholder,
          {
            icon: blockType.icon?.src,
            label: blockType.title,
            instructions: sprintf(
              /* translators: %s: an element name, e.g. <amage-service-request> */
              __(
                'AMAGE Portals widget %s: shown on the published page. Its settings are in the sidebar.',
                'amage-portals',
              ),
              `<${props.name.replace('/', '-')}>`,
            ),
          },
          serverNotice(),
          problem ? el(Notice, { status: 'error', isDismissible: false }, problem) : null,
          el(Summary, { blockType, attributes: props.attributes }),
        ),
      ),
    );
  }

  for (const name of config.blocks) {
    blocks.registerBlockType(name, { edit: Edit, save: () => null });
  }
})(window.wp, window.amagePortalsEditor);
