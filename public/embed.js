// <bucketrust-embed>: the bucketrust page in a frame of a documentation page, one line to add.
//
//   <script src="https://YOUR-HOST/bucketrust/embed.js" defer></script>
//   <bucketrust-embed target="stackgres" auth="irsa" lock="target,auth" show="trust-policy,aws-cli"></bucketrust-embed>
//
// The element makes a sandboxed iframe of the page next to this file (or of its `src`
// attribute), passes its other attributes as the page's link keys (kebab-case names become the
// camelCase keys: `cluster-account-id` is `clusterAccountId`), and takes the frame's height from
// the one message the page posts, `{type: "bucketrust:height", height}`, accepted only from that
// frame and the page's origin. It sends nothing, stores nothing and fetches nothing: the page in
// the frame keeps its own Content-Security-Policy (`connect-src 'none'`).
(() => {
  // Server-side renderers (Docusaurus builds its pages in Node) have no browser to define in.
  if (typeof window === 'undefined' || typeof customElements === 'undefined') return;
  if (customElements.get('bucketrust-embed')) return;

  const HEIGHT_MESSAGE = 'bucketrust:height';
  // Where this script came from: the page is its neighbour. `currentScript` is only set while a
  // classic script first runs, so it is read now.
  const scriptUrl = document.currentScript && document.currentScript.src;
  // The element's own attributes, and the HTML ones every element may carry; the rest are keys.
  const OWN = new Set(['src', 'title', 'height', 'class', 'style', 'id', 'slot', 'hidden', 'lang', 'dir', 'tabindex', 'part', 'is', 'nonce']);
  // Why each permission of the sandbox: the page is a WebAssembly program (scripts); its own
  // module scripts load in CORS mode and the Clipboard API needs an origin, so the frame keeps
  // the page's origin (same-origin), which differs from the host's, so the frame cannot lift
  // its own sandbox or reach the host page; "Open in bucketrust" and the rule links open the
  // full page in a new tab, outside the sandbox (popups). Nothing else: no top navigation, no
  // forms, no downloads, no modal dialogs.
  const SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox';

  const camel = (name) => name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());

  class BucketrustEmbed extends HTMLElement {
    connectedCallback() {
      if (!this.frame) {
        this.style.display = 'block';
        this.frame = document.createElement('iframe');
        this.frame.setAttribute('sandbox', SANDBOX);
        this.frame.setAttribute('allow', 'clipboard-write');
        this.frame.setAttribute('referrerpolicy', 'no-referrer');
        this.frame.style.display = 'block';
        this.frame.style.width = '100%';
        this.frame.style.border = '0';
        this.frame.style.height = `${Number(this.getAttribute('height')) || 480}px`;
        this.appendChild(this.frame);
      }
      this.frame.title = this.getAttribute('title') || 'bucketrust: IAM policies and commands for this setup';
      this.update();
      this.onMessage = (event) => {
        if (event.source !== this.frame.contentWindow || event.origin !== this.origin) return;
        const data = event.data;
        if (!data || data.type !== HEIGHT_MESSAGE) return;
        const height = data.height;
        if (typeof height !== 'number' || !Number.isFinite(height) || height < 0) return;
        this.frame.style.height = `${Math.ceil(Math.min(height, 100000))}px`;
      };
      window.addEventListener('message', this.onMessage);
      // An attribute changed later (a framework re-rendering the element) updates the frame's link.
      this.observer = new MutationObserver(() => this.update());
      this.observer.observe(this, { attributes: true });
    }

    disconnectedCallback() {
      window.removeEventListener('message', this.onMessage);
      if (this.observer) this.observer.disconnect();
    }

    /** Points the frame at the page, with the attributes as its link's keys after `embed`. */
    update() {
      const base = this.getAttribute('src') || (scriptUrl ? new URL('./', scriptUrl).href : '');
      if (!base) {
        console.error('<bucketrust-embed>: give it a src attribute (the bucketrust page) when embed.js is not loaded by a <script src> tag');
        return;
      }
      const page = new URL(base, document.baseURI);
      page.hash = '';
      this.origin = page.origin;
      const keys = new URLSearchParams();
      for (const { name, value } of this.attributes) {
        if (OWN.has(name) || name.startsWith('data-') || name.startsWith('aria-')) continue;
        keys.append(camel(name), value);
      }
      const query = keys.toString();
      const src = `${page.href}#embed${query ? `&${query}` : ''}`;
      if (this.frame.src !== src) this.frame.src = src;
    }
  }

  customElements.define('bucketrust-embed', BucketrustEmbed);
})();
