() => {
  // French for screen readers and translators, whatever the browser's language: Gradio writes
  // lang="en" and names some of its own controls in English when the browser is not French.
  const root = document.documentElement;
  root.lang = "fr";  // and again whenever Gradio sets its own locale on the page
  new MutationObserver(() => { if (root.lang !== "fr") root.lang = "fr"; })
    .observe(root, { attributes: true, attributeFilter: ["lang"] });
  const FRENCH = {
    "Like": "Réponse utile",
    "J'aime": "Réponse utile",
    "Dislike": "Réponse pas utile",
    "Je n'aime pas": "Réponse pas utile",
    "Liked": "Réponse utile (avis donné)",
    "Disliked": "Réponse pas utile (avis donné)",
    "Scroll down": "Aller à la fin de la conversation",
    "Copy message": "Copier le message en texte brut",
    "Copied message": "Message copié",
    "Clear": "Effacer la conversation",
    "Effacer": "Effacer la conversation",
    "chatbot conversation": "Conversation",
    "Gradio footer navigation": "Pied de page",
    "More tabs": "Autres onglets",
  };
  // Each message is named by its text as shown, not by its Markdown source with escapes and links.
  const MESSAGES = [["bot's message: ", "Réponse de l'assistant : "], ["user's message: ", "Votre question : "]];
  const relabel = () => {
    for (const el of document.querySelectorAll("[aria-label], [title]")) {
      for (const attribute of ["aria-label", "title"]) {
        const value = el.getAttribute(attribute) ?? "";
        const french = FRENCH[value];
        if (french) el.setAttribute(attribute, french);
        const message = MESSAGES.find(([english]) => value.startsWith(english));
        if (message) el.setAttribute(attribute, message[1] + (el.querySelector(".prose, .md")?.innerText ?? "").trim());
      }
    }
  };
  let queued = false;
  new MutationObserver(() => {
    if (!queued) {
      queued = true;
      requestAnimationFrame(() => { queued = false; relabel(); });
    }
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label", "title"] });
  relabel();

  // "Copy" gives what a reader would paste: the answer as displayed (no Markdown escapes, no
  // markup), then each cited source with its date, publisher and address.
  const source = (card) => {
    const n = card.querySelector(".ti-n")?.innerText ?? "";
    const title = card.querySelector(".ti-title")?.innerText ?? "";
    const when = card.querySelector(".ti-when")?.innerText ?? "";
    const official = card.querySelector("a.ti-official");
    const readable = card.querySelector("a.ti-read");
    let address = official?.href ?? "";
    if (!official && readable) {  // the release's page, without the passage parameters
      const url = new URL(readable.href);
      const base = document.querySelector("#ti-public")?.dataset.url || `${url.origin}/`;  // TI_PUBLIC_URL
      address = `${base.replace(/\/+$/, "")}${url.pathname}?id=${encodeURIComponent(url.searchParams.get("id") ?? "")}`;
    }
    return `${n} ${title} — ${when}${address ? ` — ${address}` : ""}`;
  };
  const plainText = (bubble) => {
    const text = bubble.innerText.replace(/\n{3,}/g, "\n\n").trim();
    const cards = [...new Set([...bubble.querySelectorAll("a.ti-cite")].map((a) => a.getAttribute("href")))]
      .map((href) => document.querySelector(href))
      .filter(Boolean);
    return cards.length ? `${text}\n\nSources :\n${cards.map(source).join("\n")}` : text;
  };
  document.addEventListener("click", (event) => {
    const button = event.target.closest?.("#ti-chat button");
    const label = button?.getAttribute("aria-label") ?? "";
    if (!button || !["Copy message", FRENCH["Copy message"]].includes(label)) return;
    // Gradio puts a message's buttons right after the message's row.
    const bubble = button.closest(".message-buttons")?.previousElementSibling?.querySelector(".prose, .md");
    if (!bubble || !navigator.clipboard) return;
    event.stopImmediatePropagation();
    event.preventDefault();
    navigator.clipboard.writeText(plainText(bubble)).then(() => {
      button.setAttribute("aria-label", FRENCH["Copied message"]);
      setTimeout(() => button.setAttribute("aria-label", FRENCH["Copy message"]), 2000);
      // Seen and heard: a line under the chat, in a live region, for three seconds.
      let said = document.querySelector("#ti-copied");
      if (!said) {
        said = document.createElement("p");
        said.id = "ti-copied";
        said.setAttribute("role", "status");
        document.querySelector("#ti-chat")?.after(said);
      }
      said.textContent = "Réponse copiée, avec ses sources.";
      clearTimeout(said.timer);
      said.timer = setTimeout(() => { said.textContent = ""; }, 3000);
    });
  }, true);
}
