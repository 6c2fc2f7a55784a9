app-name = NextCRM
shell-skip-to-content = Přejít na obsah
shell-nav-label = Hlavní navigace
nav-home = Domů
nav-users = Uživatelé
header-user-menu = Nabídka účtu
header-profile = Profil
header-sign-out = Odhlásit se
header-language = Jazyk
header-apply = Použít
header-theme = Motiv
theme-light = Světlý
theme-dark = Tmavý
theme-system = Podle systému
loading = Načítání…
not-found-title = Stránka nenalezena
not-found-body = Tato stránka neexistuje, nebo k ní nemáte přístup.
not-found-home = Přejít na úvodní stránku
home-greeting = Vítejte, { $name }
pager-label = Stránkování
pager-previous = Předchozí
pager-next = Další
pager-page = Strana { $page }
role-admin = Správce
role-manager = Manažer
role-user = Uživatel
dashboard-deals = { $count ->
    [one] { $count } obchodní příležitost
    [few] { $count } obchodní příležitosti
    [many] { $count } obchodní příležitosti
   *[other] { $count } obchodních příležitostí
}
dashboard-won-month = Vyhráno tento měsíc
dashboard-won-quarter = Vyhráno toto čtvrtletí
dashboard-win-rate = Úspěšnost
dashboard-win-rate-note = Z obchodních příležitostí uzavřených v tomto čtvrtletí
dashboard-none-closed = Zatím žádné uzavřené
dashboard-my-tasks = Moje otevřené úkoly
dashboard-overdue = Po termínu: { $count }
dashboard-overdue-badge = Po termínu
dashboard-unconverted = Nezahrnuto do součtů kvůli chybějícímu směnnému kurzu: { $amounts }
dashboard-pipeline = Pipeline podle fází
dashboard-open-pipeline = Otevřít pipeline
dashboard-chart-summary = Otevřené obchodní příležitosti podle fází: { $stages }
dashboard-count = Obchodní příležitosti
dashboard-closing = Brzy k uzavření
dashboard-closing-none = Od dneška dál se neuzavírá žádná otevřená obchodní příležitost.
dashboard-tasks-none = Žádné otevřené úkoly s termínem.
dashboard-all-tasks = Všechny moje úkoly
dashboard-activity = Nedávná aktivita
