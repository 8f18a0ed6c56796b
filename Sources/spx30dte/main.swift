import Commands

RootCommand.main()
