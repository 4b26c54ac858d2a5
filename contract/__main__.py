from rivya_contract.cli import main

main(prog_name="rivya-contract")
