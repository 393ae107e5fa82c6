/**
 * A page of the demo bank's public site with the chat widget, as a bank would embed it: one
 * script tag. Served on Agora's own origin so the demo works over plain http.
 */
export function demoSitePage(language: 'fr' | 'en'): string {
  const t =
    language === 'en'
      ? {
          title: 'Banque Exemple — Your bank, close to you',
          nav: ['Accounts', 'Cards', 'Loans', 'Savings', 'Help'],
          hero: 'A bank that answers.',
          lead: 'Advisors available by chat Monday to Friday, 9 am to 6 pm. Outside these hours, leave us a message.',
          cards: [
            ['Current account', 'Free card the first year, instant transfers.'],
            ['Home loan', 'Simulate your project and talk to an advisor.'],
            ['Savings', 'Livret A, life insurance, ethical savings.'],
          ],
          footer: 'Demo site — Banque Exemple is fictitious.',
        }
      : {
          title: 'Banque Exemple — Votre banque, proche de vous',
          nav: ['Comptes', 'Cartes', 'Crédits', 'Épargne', 'Aide'],
          hero: 'Une banque qui répond.',
          lead: 'Des conseillers disponibles par chat du lundi au vendredi, de 9 h à 18 h. En dehors de ces horaires, laissez-nous un message.',
          cards: [
            ['Compte courant', 'Carte gratuite la première année, virements instantanés.'],
            ['Crédit immobilier', 'Simulez votre projet et échangez avec un conseiller.'],
            ['Épargne', 'Livret A, assurance vie, épargne solidaire.'],
          ],
          footer: 'Site de démonstration — Banque Exemple est fictive.',
        };
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t.title}</title>
<style>
  /* The bank's own styles: deliberately aggressive, the widget must not inherit them. */
  * { box-sizing: border-box; }
  body { margin: 0; font-family: Georgia, serif; color: #1d2433; background: #f4f6fa; }
  button { background: hotpink !important; font-size: 30px; }
  header { background: #fff; border-bottom: 1px solid #dde3ee; padding: 16px 48px; display: flex; align-items: center; gap: 40px; }
  .logo { font-weight: 700; font-size: 22px; color: #0b3d91; letter-spacing: .5px; }
  nav a { margin-right: 24px; color: #1d2433; text-decoration: none; font-family: system-ui, sans-serif; }
  .hero { padding: 72px 48px 48px; background: linear-gradient(120deg, #0b3d91, #1f6fd1); color: #fff; }
  .hero h1 { font-size: 44px; margin: 0 0 12px; }
  .hero p { max-width: 560px; font-size: 18px; line-height: 1.5; font-family: system-ui, sans-serif; }
  .cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 24px; padding: 40px 48px; }
  .card { background: #fff; border-radius: 12px; padding: 24px; box-shadow: 0 2px 8px rgba(16, 24, 40, .06); font-family: system-ui, sans-serif; }
  .card h2 { margin-top: 0; font-size: 20px; color: #0b3d91; }
  footer { padding: 24px 48px; color: #5b6475; font-family: system-ui, sans-serif; font-size: 14px; }
</style>
</head>
<body>
<header><span class="logo">Banque Exemple</span><nav>${t.nav.map((n) => `<a href="#">${n}</a>`).join('')}</nav></header>
<section class="hero"><h1>${t.hero}</h1><p>${t.lead}</p></section>
<section class="cards">${t.cards.map(([h, p]) => `<div class="card"><h2>${h}</h2><p>${p}</p></div>`).join('')}</section>
<footer>${t.footer}</footer>
<script src="/widget.js" data-agora-chat async></script>
</body>
</html>`;
}
